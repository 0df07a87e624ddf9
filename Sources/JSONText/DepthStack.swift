/// One bit per open container (1 = object, 0 = array), indexed by nesting level.
///
/// The first 64 levels live in a register; deeper levels (only possible with `maxDepth > 64`)
/// spill into an array allocated on first use, so the default configuration never allocates.
struct DepthStack {
    private var low: UInt64 = 0
    private var high: [UInt64] = []

    @inline(__always)
    mutating func set(_ level: Int, isObject: Bool) {
        if level < 64 {
            let bit: UInt64 = 1 << UInt64(level)
            if isObject { low |= bit } else { low &= ~bit }
        } else {
            setDeep(level, isObject: isObject)
        }
    }

    @inline(__always)
    func isObject(_ level: Int) -> Bool {
        level < 64 ? (low >> UInt64(level)) & 1 != 0 : isObjectDeep(level)
    }

    @inline(never)
    private mutating func setDeep(_ level: Int, isObject: Bool) {
        let word = (level - 64) >> 6
        let bit: UInt64 = 1 << UInt64((level - 64) & 63)
        while high.count <= word { high.append(0) }
        if isObject { high[word] |= bit } else { high[word] &= ~bit }
    }

    @inline(never)
    private func isObjectDeep(_ level: Int) -> Bool {
        let word = (level - 64) >> 6
        return word < high.count && (high[word] >> UInt64((level - 64) & 63)) & 1 != 0
    }
}
