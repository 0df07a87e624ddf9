/// JSON text re-serialised exactly as Python prints it: Zaqar's message checksum is the MD5 of
/// `json.dumps(body)` with default arguments, so reproducing it needs Python's bytes, not ours.
public enum PythonJSON {
    /// The bytes Python's `json.dumps(json.loads(text))` prints, for `text` that
    /// `JSONScanner.validate` accepted: separators `", "` and `": "`, no whitespace otherwise;
    /// strings with `ensure_ascii` (see `appendString`); integers as written (`-0` as `0`);
    /// floats as `repr(float)` (see `appendFloat`); object keys in the order received, and for a
    /// duplicated key its last value at its first position (a `dict` keeps the slot of the first
    /// insertion). Without recursion and in time linear in the text, so any nesting depth is safe.
    /// For any other input the result is unspecified but memory-safe, as with `JSONScanner`.
    public static func dumps(_ text: [UInt8]) -> [UInt8] {
        text.withUnsafeBytes { bytes in
            guard let root = topLevelValue(bytes), let nav = Navigator(root, in: bytes) else { return [] }
            let ends = ContainerEnds(nav)
            var out: [UInt8] = []
            out.reserveCapacity(text.count + text.count / 8)
            var open: [Container] = []
            var next: JSONValue? = root
            while true {
                if let value = next {
                    switch value.kind {
                    case .object, .array:
                        let container = Container(value, in: bytes, ends: ends)
                        out.append(value.kind == .object ? ASCII.openBrace : ASCII.openBracket)
                        if container.items.isEmpty { out.append(container.close) } else { open.append(container) }
                    case .string:
                        appendString(nav.p, value.range, to: &out)
                    case .number:
                        appendNumber(nav.p, value.range, to: &out)
                    case .bool, .null:
                        out.append(contentsOf: bytes[value.range])
                    }
                    next = nil
                }
                guard let top = open.indices.last else { return out }
                let index = open[top].next
                guard index < open[top].items.count else {
                    out.append(open[top].close)
                    open.removeLast()
                    continue
                }
                if index > 0 { out.append(contentsOf: ", ".utf8) }
                let item = open[top].items[index]
                if let key = item.key {
                    out.append(contentsOf: key)
                    out.append(contentsOf: ": ".utf8)
                }
                open[top].next = index + 1
                next = item.value
            }
        }
    }

    /// The document's one value, without the whitespace around it.
    private static func topLevelValue(_ bytes: UnsafeRawBufferPointer) -> JSONValue? {
        var start = 0
        var end = bytes.count
        while start < end && ASCII.isWhitespace(bytes[start]) { start += 1 }
        while end > start && ASCII.isWhitespace(bytes[end - 1]) { end -= 1 }
        guard start < end else { return nil }
        return JSONValue(kind: ASCII.kind(startingWith: bytes[start]), range: start..<end)
    }

    /// An object or array being written: its items as Python holds them, and how far it got.
    private struct Container {
        /// For objects, `key` is the key already printed as Python prints it; nil in arrays.
        var items: [(key: [UInt8]?, value: JSONValue)] = []
        var next = 0
        let close: UInt8

        init(_ value: JSONValue, in bytes: UnsafeRawBufferPointer, ends: ContainerEnds) {
            close = value.kind == .object ? ASCII.closeBrace : ASCII.closeBracket
            guard let nav = Navigator(value, in: bytes) else { return }
            if value.kind == .array {
                nav.forEachElement(ends: ends) { items.append((nil, $0)) }
                return
            }
            // Printed keys are equal exactly when the decoded keys are, so they can stand in for
            // them when merging duplicates.
            var firstIndex: [[UInt8]: Int] = [:]
            nav.forEachMember(ends: ends) { keyRange, value in
                var key: [UInt8] = []
                appendString(nav.p, keyRange, to: &key)
                if let index = firstIndex[key] {
                    items[index].value = value
                } else {
                    firstIndex[key] = items.count
                    items.append((key, value))
                }
            }
        }
    }
}
