/// Where each object or array inside a value ends, found in one pass.
///
/// `Navigator` finds a member's end by scanning it, so walking every level of a document scans
/// each nested container once per level above it: quadratic in the depth. A walk that visits
/// every level (as `PythonJSON.dumps` does) looks the ends up here instead and stays linear.
struct ContainerEnds {
    /// Offset of an opening bracket -> offset just after its closing bracket.
    private var ends: [Int: Int] = [:]

    /// Indexes the containers in `nav`'s value, which must be validated JSON text.
    init(_ nav: Navigator) {
        var open: [Int] = []
        var i = nav.start
        while i < nav.end {
            switch nav.p[i] {
            case ASCII.quote:
                i = nav.skipString(i)
                continue
            case ASCII.openBrace, ASCII.openBracket:
                open.append(i)
            case ASCII.closeBrace, ASCII.closeBracket:
                if let start = open.popLast() { ends[start] = i + 1 }
            default:
                break
            }
            i += 1
        }
    }

    /// Offset just after the container opening at `start`; nil if none opens there.
    subscript(start: Int) -> Int? { ends[start] }
}
