/// The cluster error replies that mean the command did NOT run where it was sent, so it is safe
/// to send it again: `MOVED` (the slot lives elsewhere for good), `ASK` (the slot is migrating:
/// try the target once, after `ASKING`), `TRYAGAIN` (a multi-key command during a migration whose
/// keys are split between the two nodes) and `CLUSTERDOWN` (the cluster cannot serve the slot now).
enum ClusterRedirect: Equatable {
    case moved(slot: Int, address: String)
    case ask(slot: Int, address: String)
    case tryAgain
    case clusterDown

    init?(errorMessage message: String) {
        if message.hasPrefix("TRYAGAIN") { self = .tryAgain; return }
        if message.hasPrefix("CLUSTERDOWN") { self = .clusterDown; return }
        let parts = message.split(separator: " ")
        guard parts.count >= 3, let slot = Int(parts[1]), (0..<HashSlot.count).contains(slot) else { return nil }
        switch parts[0] {
        case "MOVED": self = .moved(slot: slot, address: String(parts[2]))
        case "ASK": self = .ask(slot: slot, address: String(parts[2]))
        default: return nil
        }
    }
}
