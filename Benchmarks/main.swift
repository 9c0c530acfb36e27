// draagvlak-bench: measurements that need the library directly rather than the CLI.
//
//   draagvlak-bench polis FOLDER [RUNS]   opinion groups (pipeline + repness + consensus +
//                                         group-aware consensus) on a Polis openData folder:
//                                         median seconds over RUNS (default 7) and the adjusted
//                                         Rand index against Polis's own group-id.
import Foundation
import OpinionGroups
import PolisOpenData

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

let arguments = CommandLine.arguments
guard arguments.count >= 3, arguments[1] == "polis" else {
    FileHandle.standardError.write(Data("usage: draagvlak-bench polis FOLDER [RUNS]\n".utf8))
    exit(2)
}
let folder = URL(fileURLWithPath: arguments[2])
let runs = arguments.count > 3 ? Int(arguments[3]) ?? 7 : 7
let conversation = try PolisConversation(folder: folder)
var result: OpinionGroupFinder.Result?
var times: [Double] = []
for _ in 0..<runs {
    times.append(seconds {
        result = OpinionGroupFinder().run(conversation.votes, excluded: conversation.excluded)
        if let groups = result?.groups {
            let rated = conversation.votes.zeroing(conversation.excluded)
            _ = PolisStatistics.representative(rated, groups: groups, excluded: conversation.excluded)
            _ = PolisStatistics.consensus(rated, excluded: conversation.excluded)
            _ = PolisStatistics.groupAwareConsensus(conversation.votes, groups: groups)
        }
    })
}
guard let result else { print("no groups"); exit(1) }
let scored = result.clustered.filter { conversation.groupID[$0] != nil }
let ari = adjustedRandIndex(scored.map { conversation.groupID[$0]! }, scored.map { result.assignment[$0] })
let median = times.sorted()[times.count / 2]
print(String(format: "%.4f %.3f %d %d", median, ari, result.k, result.clustered.count))
