/// Validates JSON text and extracts values from it without building an object tree.
///
/// Values are `JSONValue`s — a kind plus the byte range of the value's exact text — so message
/// bodies can be stored and returned byte-for-byte. Typical use:
///
/// ```swift
/// let root = try JSONScanner.validate(body)                  // 400 on JSONError
/// for (key, value) in JSONScanner.members(of: root, in: body) { ... }
/// ```
///
/// `validate` enforces RFC 8259 plus two server policies: a nesting limit (`maxDepth`) and
/// integer literals (no fraction, no exponent) must fit `Int64`. The other functions expect a
/// value obtained from `validate` on the same bytes; they do not re-validate, and on any other
/// input they return unspecified (but memory-safe) results.
public enum JSONScanner {
    /// Default nesting limit for `validate`.
    public static let defaultMaxDepth = 64

    // MARK: Validation

    /// Validates a complete JSON document (one value with optional surrounding whitespace) and
    /// returns the top-level value.
    ///
    /// Rejected: empty or whitespace-only input; trailing garbage; invalid UTF-8 inside strings
    /// (overlong forms, encoded surrogates, truncated sequences, stray continuation bytes, code
    /// points above U+10FFFF) and any non-ASCII byte outside strings (including a byte order mark);
    /// unescaped control characters (< 0x20) in strings; escapes other than `\" \\ \/ \b \f \n \r
    /// \t \uXXXX`; leading zeros; `NaN`/`Infinity`; comments; single quotes; trailing commas;
    /// nesting deeper than `maxDepth` containers; integer literals outside `Int64`.
    /// Accepted as in Python's `json`: any `\uXXXX` escape, even a lone surrogate; floats of any
    /// magnitude when written with a fraction or exponent (`1e999`); duplicate object keys.
    /// `maxDepth` counts containers: 1 allows `[1]` but not `[[1]]`; 0 allows scalars only.
    public static func validate(_ bytes: UnsafeRawBufferPointer,
                                maxDepth: Int = defaultMaxDepth) throws(JSONError) -> JSONValue {
        guard let base = bytes.baseAddress, bytes.count > 0 else { throw JSONError.emptyInput(at: 0) }
        var validator = Validator(base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        return try validator.document(maxDepth: max(0, maxDepth))
    }

    /// `validate(_:maxDepth:)` for a byte array.
    public static func validate(_ bytes: [UInt8],
                                maxDepth: Int = defaultMaxDepth) throws(JSONError) -> JSONValue {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(JSONError) in try validate(buffer, maxDepth: maxDepth) }
        }
        return try result.get()
    }

    // MARK: Navigation

    /// The members of an object value (one level, values not re-validated), in document order,
    /// with keys unescaped. Empty if `object` is not an object.
    ///
    /// Duplicate keys are all returned, in order; callers should let the last one win, as
    /// Python's `json` does (or use `member(_:of:in:)`, which does exactly that).
    public static func members(of object: JSONValue,
                               in bytes: UnsafeRawBufferPointer) -> [(key: String, value: JSONValue)] {
        guard object.kind == .object, let nav = Navigator(object, in: bytes) else { return [] }
        var result: [(key: String, value: JSONValue)] = []
        result.reserveCapacity(8) // one allocation for typical small objects instead of 1-2-4-8 growth
        nav.forEachMember { key, value in result.append((nav.decodeString(key), value)) }
        return result
    }

    /// `members(of:in:)` for a byte array.
    public static func members(of object: JSONValue, in bytes: [UInt8]) -> [(key: String, value: JSONValue)] {
        bytes.withUnsafeBytes { members(of: object, in: $0) }
    }

    /// The value of the member named `key` (compared after unescaping); the last one if the key is
    /// duplicated. Nil if absent or if `object` is not an object. Allocates nothing for keys
    /// without escapes.
    public static func member(_ key: String, of object: JSONValue, in bytes: UnsafeRawBufferPointer) -> JSONValue? {
        guard object.kind == .object, let nav = Navigator(object, in: bytes) else { return nil }
        var found: JSONValue?
        nav.forEachMember { keyRange, value in
            if nav.stringEquals(keyRange, key) { found = value }
        }
        return found
    }

    /// `member(_:of:in:)` for a byte array.
    public static func member(_ key: String, of object: JSONValue, in bytes: [UInt8]) -> JSONValue? {
        bytes.withUnsafeBytes { member(key, of: object, in: $0) }
    }

    /// The elements of an array value (one level, not re-validated), in order. Empty if `array`
    /// is not an array.
    public static func elements(of array: JSONValue, in bytes: UnsafeRawBufferPointer) -> [JSONValue] {
        guard array.kind == .array, let nav = Navigator(array, in: bytes) else { return [] }
        var result: [JSONValue] = []
        result.reserveCapacity(8)
        nav.forEachElement { result.append($0) }
        return result
    }

    /// `elements(of:in:)` for a byte array.
    public static func elements(of array: JSONValue, in bytes: [UInt8]) -> [JSONValue] {
        bytes.withUnsafeBytes { elements(of: array, in: $0) }
    }

    // MARK: Scalars

    /// The value as `Int64` if it is an integer literal (no `.`, no exponent) that fits; nil for
    /// anything else, including floats such as `60.0` or `1e2`, strings, bools and null.
    /// `-0` gives 0.
    public static func int64(_ value: JSONValue, in bytes: UnsafeRawBufferPointer) -> Int64? {
        guard value.kind == .number, let nav = Navigator(value, in: bytes) else { return nil }
        return nav.int64()
    }

    /// `int64(_:in:)` for a byte array.
    public static func int64(_ value: JSONValue, in bytes: [UInt8]) -> Int64? {
        bytes.withUnsafeBytes { int64(value, in: $0) }
    }

    /// The unescaped contents of a string value; nil if `value` is not a string. `\u0000` yields
    /// U+0000; a lone surrogate escape (valid JSON, not representable in `String`) yields U+FFFD.
    public static func string(_ value: JSONValue, in bytes: UnsafeRawBufferPointer) -> String? {
        guard value.kind == .string, let nav = Navigator(value, in: bytes) else { return nil }
        return nav.decodeString(value.range)
    }

    /// `string(_:in:)` for a byte array.
    public static func string(_ value: JSONValue, in bytes: [UInt8]) -> String? {
        bytes.withUnsafeBytes { string(value, in: $0) }
    }

    /// The value of a `true`/`false` literal; nil for any other kind.
    public static func bool(_ value: JSONValue, in bytes: UnsafeRawBufferPointer) -> Bool? {
        guard value.kind == .bool, let nav = Navigator(value, in: bytes) else { return nil }
        return nav.p[nav.start] == 0x74 // t
    }

    /// `bool(_:in:)` for a byte array.
    public static func bool(_ value: JSONValue, in bytes: [UInt8]) -> Bool? {
        bytes.withUnsafeBytes { bool(value, in: $0) }
    }
}
