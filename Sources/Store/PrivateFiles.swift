import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Creates the store's folder and files readable by their owner only, and tightens them when they are not.
///
/// A mode looser than 0700 (folder) or 0600 (files) is not an error: tfz tightens it and goes on. Only a
/// failure to create or to `chmod` is thrown.
enum PrivateFiles {
    static let directoryMode: mode_t = 0o700
    static let fileMode: mode_t = 0o600

    /// Makes `url` a folder with mode 0700 (creating missing parents), or tightens an existing one.
    static func makeDirectory(_ url: URL) throws {
        let path = url.path
        if mkdir(path, directoryMode) == 0 {
            // mkdir applies the umask; say exactly what we mean.
            try setMode(path, directoryMode, .directory)
            return
        }
        let code = errno
        if code == ENOENT {
            do {
                try FileManager.default.createDirectory(
                    at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: Int(directoryMode)])
            } catch {
                throw StoreError(.directory, "Could not create the folder \(path): \(error.localizedDescription).")
            }
            try setMode(path, directoryMode, .directory)
            return
        }
        guard code == EEXIST else {
            throw StoreError(.directory, "Could not create the folder \(path): \(reason(code)).")
        }
        let info = try status(path, .directory)
        guard info.st_mode & mode_t(S_IFMT) == mode_t(S_IFDIR) else {
            throw StoreError(.directory, "\(path) is not a folder; move it away so tfz can keep its state there.")
        }
        if info.st_mode & 0o077 != 0 {
            try setMode(path, directoryMode, .directory)
        }
    }

    /// Creates the file at `url` with mode 0600 if it is missing, or tightens an existing one to 0600.
    static func makeFile(_ url: URL) throws {
        let path = url.path
        let fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, fileMode)
        guard fd >= 0 else {
            throw StoreError(.file, "Could not create or open \(path): \(reason(errno)).")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw StoreError(.file, "Could not read the permissions of \(path): \(reason(errno)).")
        }
        guard info.st_mode & mode_t(S_IFMT) == mode_t(S_IFREG) else {
            throw StoreError(.file, "\(path) is not a regular file; move it away so tfz can keep its state there.")
        }
        if info.st_mode & 0o077 != 0, fchmod(fd, fileMode) != 0 {
            throw StoreError(.file, "Could not make \(path) private to its owner (mode 0600): \(reason(errno)).")
        }
    }

    /// Tightens SQLite's side files (`-wal`, `-shm`, `-journal`) to 0600 where they exist.
    static func tightenSideFiles(of url: URL) throws {
        for suffix in ["-wal", "-shm", "-journal"] {
            let path = url.path + suffix
            var info = stat()
            guard stat(path, &info) == 0 else { continue }  // absent: nothing to tighten
            if info.st_mode & 0o077 != 0 {
                try setMode(path, fileMode, .file)
            }
        }
    }

    private static func status(_ path: String, _ code: StoreError.Code) throws -> stat {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw StoreError(code, "Could not read the permissions of \(path): \(reason(errno)).")
        }
        return info
    }

    private static func setMode(_ path: String, _ mode: mode_t, _ code: StoreError.Code) throws {
        guard chmod(path, mode) == 0 else {
            let what = code == .directory ? "folder" : "file"
            throw StoreError(code, "Could not make the \(what) \(path) private to its owner (mode 0\(String(mode, radix: 8))): \(reason(errno)).")
        }
    }

    private static func reason(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
