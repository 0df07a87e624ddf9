import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The responder the server runs: gives each request its id (`X-Request-Id`, echoed in the
/// response and present in every log line of the request), serves the operational endpoints
/// outside `/v1` (`/metrics`, `/openapi.yaml`), hands everything else to `APIResponder`, then
/// writes one access-log line and records the request's metrics.
public struct ObservingResponder: HTTPResponder {
    public typealias Context = QueuesRequestContext

    let api: APIResponder
    let endpoints: OperationalEndpoints
    let metrics = HTTPMetrics()

    public init(api: APIResponder, endpoints: OperationalEndpoints) {
        self.api = api
        self.endpoints = endpoints
    }

    public func respond(to request: Request, context: QueuesRequestContext) async throws -> Response {
        let start = NIODeadline.now()
        let requestID = RequestIdentifier.of(request)
        var context = context
        context.logger[metadataKey: "hb.request.id"] = nil
        context.logger[metadataKey: RequestIdentifier.metadataKey] = .string(requestID)

        let path = request.uri.path
        let routeIndex: Int
        var pathProject: String?
        var response: Response
        if path == "/metrics" {
            routeIndex = HTTPMetrics.metricsRoute
            response = try await endpoints.metricsResponse(request, context: context)
        } else if path == "/openapi.yaml" {
            routeIndex = HTTPMetrics.openAPIRoute
            response = try endpoints.openAPIResponse(request, context: context)
        } else {
            let match = Route.match(path: path)
            let v2Match = match == nil ? V2Route.match(path: path) : nil
            routeIndex = match?.route.templateIndex
                ?? v2Match.map { Route.templates.count + $0.route.templateIndex($0.version) }
                ?? (path == "/" ? HTTPMetrics.versionsRoute : HTTPMetrics.unmatchedRoute)
            pathProject = match?.pathProject
            response = try await api.respond(to: request, context: context, match: match, v2Match: v2Match)
        }
        response.headers[RequestIdentifier.header] = requestID

        let nanoseconds = (NIODeadline.now() - start).nanoseconds
        let status = response.status.code
        metrics.record(route: routeIndex, method: request.method, status: status, nanoseconds: nanoseconds)
        if context.logger.logLevel <= .info {
            accessLog(request, context: context, route: routeIndex, status: status, nanoseconds: nanoseconds,
                      project: pathProject ?? request.headers[APICall.projectHeader], bytes: response.body.contentLength)
        }
        return response
    }

    /// One line per request: method, route template, status, duration, project, body bytes.
    private func accessLog(
        _ request: Request, context: QueuesRequestContext, route: Int, status: Int, nanoseconds: Int64,
        project: String?, bytes: Int?
    ) {
        let micros = max(0, nanoseconds / 1000)
        let fraction = micros % 1000
        let duration = "\(micros / 1000)." + (fraction < 10 ? "00" : fraction < 100 ? "0" : "") + String(fraction)
        var metadata: Logger.Metadata = [
            "http.method": .string(request.method.rawValue),
            "http.route": .string(HTTPMetrics.routeNames[route]),
            "http.status": .stringConvertible(status),
            "http.duration_ms": .string(duration),
            "http.bytes": .stringConvertible(bytes ?? 0),
        ]
        if let project { metadata["project"] = .string(project) }
        context.logger.info("request", metadata: metadata, source: "access")
    }
}

/// What the server serves outside `/v1`: the Prometheus text exposition of its metrics and
/// the OpenAPI document of the API.
public struct OperationalEndpoints: Sendable {
    /// Renders the metrics in the Prometheus text format (nil: `/metrics` is 404).
    public var metrics: (@Sendable () async -> ByteBuffer)?
    /// The OpenAPI document, as found at start-up (nil: `/openapi.yaml` is 404).
    public var openAPIDocument: ByteBuffer?

    public init(metrics: (@Sendable () async -> ByteBuffer)? = nil, openAPIDocument: ByteBuffer? = nil) {
        self.metrics = metrics
        self.openAPIDocument = openAPIDocument
    }

    static let readMethods: [HTTPRequest.Method] = [.get, .head]

    func metricsResponse(_ request: Request, context: QueuesRequestContext) async throws -> Response {
        guard let metrics else { return try APIError.noRoute.response(from: request, context: context) }
        guard Self.readMethods.contains(request.method) else {
            return try APIError.methodNotAllowed(Self.readMethods).response(from: request, context: context)
        }
        let body = await metrics()
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                        body: .init(byteBuffer: request.method == .head ? ByteBuffer() : body))
    }

    func openAPIResponse(_ request: Request, context: QueuesRequestContext) throws -> Response {
        guard let document = openAPIDocument else { return try APIError.noRoute.response(from: request, context: context) }
        guard Self.readMethods.contains(request.method) else {
            return try APIError.methodNotAllowed(Self.readMethods).response(from: request, context: context)
        }
        return Response(status: .ok, headers: [.contentType: "application/yaml"],
                        body: .init(byteBuffer: request.method == .head ? ByteBuffer() : document))
    }
}
