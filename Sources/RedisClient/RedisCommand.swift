import NIOCore

/// One Redis command: a name and its arguments, encoded as a RESP array of bulk strings.
public struct RedisCommand: Sendable {
    public var arguments: [RedisArgument]

    public init(_ name: String, _ arguments: [RedisArgument] = []) {
        self.arguments = [.string(name)] + arguments
    }

    /// Appends the RESP encoding (`*N\r\n$len\r\n...\r\n`) to `buffer`.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeStaticString("*")
        buffer.writeDecimal(arguments.count)
        buffer.writeStaticString("\r\n")
        for argument in arguments {
            argument.encode(into: &buffer)
        }
    }
}

/// A command argument. Bytes are sent as they are; Redis does not care about text encodings.
public enum RedisArgument: Sendable, ExpressibleByStringLiteral {
    case string(String)
    case bytes(ByteBuffer)
    case int(Int)

    public init(stringLiteral value: String) { self = .string(value) }

    func encode(into buffer: inout ByteBuffer) {
        switch self {
        case .string(let s):
            buffer.writeStaticString("$")
            buffer.writeDecimal(s.utf8.count)
            buffer.writeStaticString("\r\n")
            buffer.writeString(s)
        case .bytes(var b):
            buffer.writeStaticString("$")
            buffer.writeDecimal(b.readableBytes)
            buffer.writeStaticString("\r\n")
            buffer.writeBuffer(&b)
        case .int(let i):
            let s = String(i)
            buffer.writeStaticString("$")
            buffer.writeDecimal(s.utf8.count)
            buffer.writeStaticString("\r\n")
            buffer.writeString(s)
        }
        buffer.writeStaticString("\r\n")
    }
}

extension ByteBuffer {
    /// Writes a non-negative integer in decimal without going through String.
    mutating func writeDecimal(_ value: Int) {
        precondition(value >= 0)
        if value < 10 {
            writeInteger(UInt8(ascii: "0") + UInt8(value))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                      UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = value
        var count = 0
        withUnsafeMutableBytes(of: &digits) { raw in
            while n > 0 {
                raw[19 - count] = UInt8(ascii: "0") + UInt8(n % 10)
                n /= 10
                count += 1
            }
            writeBytes(UnsafeRawBufferPointer(rebasing: raw[(20 - count)...]))
        }
    }
}
