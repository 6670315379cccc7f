import APIMatic
import Foundation

/// Finds the API key: `--auth-key-file FILE` (never group/world readable), else env APIMATIC_API_KEY.
/// The key itself is never printed; errors name only the file.
enum APIKeyLoader {
    static let environmentVariable = "APIMATIC_API_KEY"

    static func load(keyFile: String?, environment: [String: String]) throws -> APIKey? {
        if let keyFile {
            return try read(file: keyFile)
        }
        if let value = environment[environmentVariable]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty {
            return APIKey(value)
        }
        return nil
    }

    private static func read(file path: String) throws -> APIKey {
        let attributes: [FileAttributeKey: Any]
        do { attributes = try FileManager.default.attributesOfItem(atPath: path) } catch {
            throw ConfigError.keyFile(path: path, problem: "it does not exist or cannot be read. Create it with the key on one line and run 'chmod 600 \(path)'.")
        }
        let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0
        if mode & 0o077 != 0 {
            throw ConfigError.keyFile(path: path, problem: "it is readable by group or others (mode \(String(mode & 0o777, radix: 8))). Run 'chmod 600 \(path)' and try again.")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError.keyFile(path: path, problem: "it cannot be read. Check its owner and permissions.")
        }
        let key = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if key.isEmpty {
            throw ConfigError.keyFile(path: path, problem: "it is empty. Put your APIMatic API key in it, on one line.")
        }
        return APIKey(key)
    }
}
