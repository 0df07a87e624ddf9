import Dispatch
import Foundation

/// Reloads a `TokenStore` when its file changes (polled every `interval`) or the process gets
/// SIGHUP. Reports each reload, or each failure (the old entries then stay in force).
public final class TokenFileWatcher: @unchecked Sendable {
    public enum Event: Sendable {
        case reloaded(entries: Int, reason: String)
        case failed(TokenFileError)
    }

    private let store: TokenStore
    private let queue = DispatchQueue(label: "cloud-queues.token-file")
    private var timer: (any DispatchSourceTimer)?
    private var signal: (any DispatchSourceSignal)?

    public init(store: TokenStore) {
        self.store = store
    }

    /// Starts polling and listening for SIGHUP (whose default action, ending the process, is
    /// turned off).
    public func start(interval: Duration = .seconds(1), report: @escaping @Sendable (Event) -> Void) {
        let store = self.store
        let timer = DispatchSource.makeTimerSource(queue: queue)
        let ms = Int(interval.components.seconds * 1000 + interval.components.attoseconds / 1_000_000_000_000_000)
        timer.schedule(deadline: .now() + .milliseconds(ms), repeating: .milliseconds(ms))
        timer.setEventHandler {
            do throws(TokenFileError) {
                if let count = try store.reloadIfChanged() { report(.reloaded(entries: count, reason: "file changed")) }
            } catch {
                report(.failed(error))
            }
        }
        Foundation.signal(SIGHUP, SIG_IGN)
        let hangup = DispatchSource.makeSignalSource(signal: SIGHUP, queue: queue)
        hangup.setEventHandler {
            do throws(TokenFileError) {
                report(.reloaded(entries: try store.reload(), reason: "SIGHUP"))
            } catch {
                report(.failed(error))
            }
        }
        timer.resume()
        hangup.resume()
        self.timer = timer
        self.signal = hangup
    }

    public func stop() {
        timer?.cancel()
        signal?.cancel()
    }
}
