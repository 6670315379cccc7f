import Foundation

/// What the builder reads from APIMATIC-BUILD.json.
///
/// Accepted shapes (tolerant on purpose):
/// - `generatePortal`: `pageTitle`, `navTitle`, `logoUrl`, `faviconUrl`, `apiSpecPath`
///   (default `./spec`), `contentFolder` (default `./content`), and theme colours under
///   `portalSettings.theme` (or `theme`): any key named like `primaryColor`/`primary`
///   (a colour string, or `{light, dark}`) and `linkColor`/`accentColor`, at any depth
///   such as `theme.colors.primaryColor`.
/// - `generateVersionedPortal`: the same portal keys, plus `versions`: a list whose
///   entries are either a version string ("1.0") or an object with `version` (or `name`,
///   `id`, `label`) and optional `apiSpecPath`/`contentFolder`. Paths not given default to
///   `<versionsPath>/<version>/spec` and `.../content`, `versionsPath` defaulting to
///   `./versioned_docs`. Without `versions`, every folder in `versionsPath` is a version
///   (sorted). The first version listed is the default one that index.html opens.
struct BuildSettings: Sendable {
    struct Version: Sendable {
        /// nil for an unversioned portal.
        let name: String?
        let slug: String
        /// Build-root relative, normalised ("spec", "v1/spec").
        let specPath: String
        let specPathExplicit: Bool
        let contentPath: String
    }

    var pageTitle = "API Documentation"
    var navTitle = "API Documentation"
    var logoURL: String?
    var faviconURL: String?
    var primaryColor: String?
    var linkColor: String?
    var versions: [Version] = []

    static let fileName = "APIMATIC-BUILD.json"

    /// Reads the build file; every problem lands in `problems` under "APIMATIC-BUILD.json".
    /// Returns nil when nothing usable could be read.
    static func load(root: URL, problems: Problems) -> BuildSettings? {
        let file = root.appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: file.path) else {
            problems.add(fileName, "not found in \(root.path); the build directory needs an APIMATIC-BUILD.json at its root.")
            return nil
        }
        let document: Value
        do {
            document = try JSONParser.parse(Array(data))
        } catch {
            problems.add(fileName, "\(error.text) (not valid JSON).")
            return nil
        }
        guard let top = document.object else {
            problems.add(fileName, "must be a JSON object with a generatePortal section.")
            return nil
        }
        let versionedSection = top["generateVersionedPortal"]?.object
        guard let portal = versionedSection ?? top["generatePortal"]?.object else {
            problems.add(fileName, "has no generatePortal (or generateVersionedPortal) object; add one with pageTitle and navTitle.")
            return nil
        }
        let section = versionedSection != nil ? "generateVersionedPortal" : "generatePortal"
        var settings = BuildSettings()
        let reader = FieldReader(object: portal, section: section, problems: problems)
        if let title = reader.string("pageTitle") { settings.pageTitle = title }
        settings.navTitle = reader.string("navTitle") ?? settings.pageTitle
        settings.logoURL = reader.string("logoUrl")
        settings.faviconURL = reader.string("faviconUrl")
        let theme = portal["portalSettings"]?["theme"] ?? portal["theme"] ?? top["portalSettings"]?["theme"]
        if let theme {
            settings.primaryColor = ThemeColors.find(in: theme, names: ["primarycolor", "primary", "primary-color", "colorprimary", "brandcolor"])
            settings.linkColor = ThemeColors.find(in: theme, names: ["linkcolor", "link", "accentcolor", "accent", "secondarycolor"])
        }
        if versionedSection != nil {
            settings.versions = versions(of: portal, reader: reader, root: root, problems: problems)
        } else {
            let spec = reader.path("apiSpecPath")
            let content = reader.path("contentFolder")
            settings.versions = [Version(name: nil, slug: "", specPath: spec ?? "spec", specPathExplicit: spec != nil,
                                         contentPath: content ?? "content")]
        }
        return settings
    }

    private static func versions(of portal: ObjectValue, reader: FieldReader, root: URL, problems: Problems) -> [Version] {
        let base = reader.path("versionsPath") ?? "versioned_docs"
        var names: [(String, ObjectValue?)] = []
        if let list = portal["versions"]?.array {
            for (index, entry) in list.enumerated() {
                if let name = entry.text {
                    names.append((name, nil))
                } else if let object = entry.object,
                          let name = (object["version"] ?? object["name"] ?? object["id"] ?? object["label"])?.text {
                    names.append((name, object))
                } else {
                    problems.add(fileName, "generateVersionedPortal.versions[\(index)] must be a version string or an object with a \"version\" name.")
                }
            }
        } else {
            let folder = root.appendingPathComponent(base)
            let children = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for child in children.sorted() where !child.hasPrefix(".") {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: folder.appendingPathComponent(child).path, isDirectory: &isDirectory),
                   isDirectory.boolValue {
                    names.append((child, nil))
                }
            }
            if names.isEmpty {
                problems.add(fileName, "generateVersionedPortal has no \"versions\" list and \(base)/ holds no version folders.")
            }
        }
        var slugs = SlugSet()
        // Version folders sit next to the shared assets/ and static/ folders.
        for shared in ["assets", "static"] { _ = slugs.unique(shared) }
        return names.map { name, object in
            let entryReader = object.map { FieldReader(object: $0, section: "generateVersionedPortal.versions[\(name)]", problems: problems) }
            let spec = entryReader?.path("apiSpecPath")
            return Version(name: name, slug: slugs.unique(Slug.make(name)),
                           specPath: spec ?? BuildPath.join(base, name, "spec"),
                           specPathExplicit: spec != nil,
                           contentPath: entryReader?.path("contentFolder") ?? BuildPath.join(base, name, "content"))
        }
    }
}

/// Typed access to build-file fields, reporting wrong types with the field's full name.
private struct FieldReader {
    let object: ObjectValue
    let section: String
    let problems: Problems

    func string(_ key: String) -> String? {
        guard let value = object[key], !isNull(value) else { return nil }
        guard let text = value.text else {
            problems.add(BuildSettings.fileName, "\(section).\(key) must be a string (\(object.location)).")
            return nil
        }
        return text
    }

    func path(_ key: String) -> String? {
        guard let text = string(key) else { return nil }
        guard let normalized = BuildPath.normalize(text) else {
            problems.add(BuildSettings.fileName, "\(section).\(key) \"\(text)\" points outside the build directory; use a path inside it such as ./spec.")
            return nil
        }
        return normalized
    }

    private func isNull(_ value: Value) -> Bool {
        if case .null = value { return true }
        return false
    }
}
