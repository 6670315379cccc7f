import Foundation
import Testing
@testable import BuildInput

@Suite struct BuildDirectoryTests {
    @Test func locatesTheDirectoryItself() throws {
        let fixture = try Fixture()
        try fixture.write("APIMATIC-BUILD.json", "{}")
        try fixture.write("src/APIMATIC-BUILD.json", "{}")
        let build = try BuildDirectory.locate(fixture.url)
        #expect(build.root.path == fixture.url.standardizedFileURL.path)
        #expect(build.buildFile.path == fixture.url.appendingPathComponent("APIMATIC-BUILD.json").path)
    }

    @Test func locatesTheSrcFolderOfAProject() throws {
        let fixture = try Fixture()
        try fixture.write("src/APIMATIC-BUILD.json", "{}")
        let build = try BuildDirectory.locate(fixture.url)
        #expect(build.root.path == fixture.url.appendingPathComponent("src").path)
    }

    @Test func neitherNamesBothPlacesAndWhatToDo() throws {
        let fixture = try Fixture()
        try fixture.mkdir("src")
        try fixture.mkdir("APIMATIC-BUILD.json/oops")  // a folder of that name doesn't count
        let error = #expect(throws: BuildInputError.self) { try BuildDirectory.locate(fixture.url) }
        #expect(error?.kind == "build-directory")
        #expect(error?.message.contains(fixture.url.path) == true)
        #expect(error?.message.contains(fixture.url.appendingPathComponent("src").path) == true)
        #expect(error?.message.contains("create APIMATIC-BUILD.json") == true)
    }
}
