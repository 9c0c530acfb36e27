package import DraagvlakCore

/// Where a plugin's readers hand their header and records: the `ImportSession` in production,
/// a collector in tests (sample exports without statements would stop a session at the
/// header). Shared by the plugins whose readers hand records on (LimeSurvey, ODK).
package protocol RecordSink: AnyObject {
    var survey: Survey { get }
    @discardableResult func begin(headers: [String], line: Int) -> Bool
    func record(_ fields: [String], line: Int) throws
    func note(_ text: String)
    func report(_ problem: Problem)
    func progress(bytesRead: Int64)
}

extension ImportSession: RecordSink {}
