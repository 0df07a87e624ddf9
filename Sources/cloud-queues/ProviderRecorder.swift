import Configuration
import Synchronization

/// Remembers which of a config reader's providers answered each key (its index in the reader's
/// list): the reader reports every lookup here, which is how `ServeConfig` knows a setting's source.
final class ProviderRecorder: AccessReporter {
    private let answered = Mutex<[AbsoluteConfigKey: Int]>([:])

    func report(_ event: AccessEvent) {
        // The reader asks its providers in order and stops at the first that has the key.
        guard let index = event.providerResults.firstIndex(where: { (try? $0.result.get())?.value != nil }) else { return }
        answered.withLock { $0[event.metadata.key] = index }
    }

    func provider(answering key: AbsoluteConfigKey) -> Int? {
        answered.withLock { $0[key] }
    }
}
