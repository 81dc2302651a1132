// Reading tokenizer.json: the file is checked at the boundary (exists, UTF-8, JSON, an object) and every field is
// read through helpers that name the key path in the error, so a hostile or truncated file gets a typed
// LanguageError, never a trap.
import Foundation

/// A JSON object with the file path and key path it came from, for error messages.
struct JSONObject {
    let values: [String: Any]
    let path: String
    let keyPath: String

    func key(_ k: String) -> String { keyPath.isEmpty ? k : keyPath + "." + k }

    func has(_ k: String) -> Bool { values[k] != nil && !(values[k] is NSNull) }

    func object(_ k: String) throws(LanguageError) -> JSONObject? {
        guard has(k) else { return nil }
        guard let o = values[k] as? [String: Any] else { throw malformed(k, "should be an object") }
        return JSONObject(values: o, path: path, keyPath: key(k))
    }

    func string(_ k: String) throws(LanguageError) -> String? {
        guard has(k) else { return nil }
        guard let s = values[k] as? String else { throw malformed(k, "should be a string") }
        return s
    }

    func int(_ k: String) throws(LanguageError) -> Int? {
        guard has(k) else { return nil }
        guard let n = values[k] as? Int else { throw malformed(k, "should be an integer") }
        return n
    }

    func bool(_ k: String) throws(LanguageError) -> Bool? {
        guard has(k) else { return nil }
        if let b = values[k] as? Bool { return b }
        throw malformed(k, "should be true or false")
    }

    func array(_ k: String) throws(LanguageError) -> [Any]? {
        guard has(k) else { return nil }
        guard let a = values[k] as? [Any] else { throw malformed(k, "should be an array") }
        return a
    }

    func required<T>(_ k: String, _ get: (String) throws(LanguageError) -> T?) throws(LanguageError) -> T {
        guard let v = try get(k) else { throw malformed(k, "is missing") }
        return v
    }

    func malformed(_ k: String, _ detail: String) -> LanguageError {
        .malformedFile(path: path, detail: "\"\(key(k))\" \(detail)")
    }

    /// Reads and checks a JSON file whose top level is an object.
    static func load(_ url: URL, what: String) throws(LanguageError) -> JSONObject {
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else { throw .fileNotFound(path: path, what: what) }
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw .malformedFile(path: path, detail: "cannot be read: \(error.localizedDescription)") }
        guard String(validating: data, as: UTF8.self) != nil else { throw .invalidUTF8(location: path) }
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data) } catch {
            throw .malformedFile(path: path, detail: "not valid JSON (truncated or damaged?)")
        }
        guard let object = root as? [String: Any] else { throw .malformedFile(path: path, detail: "the top level should be a JSON object") }
        return JSONObject(values: object, path: path, keyPath: "")
    }
}
