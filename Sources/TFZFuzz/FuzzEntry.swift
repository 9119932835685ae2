import Foundation

/// libFuzzer's entry point: runs one input through the target named by `TFZ_FUZZ_TARGET`.
///
/// Built with `-sanitize=fuzzer -DFUZZING` (see `scripts/fuzz.sh`), libFuzzer supplies `main` and calls this for every
/// input it makes. An input a target does not accept is not an error: the function returns 0 whatever the parser said;
/// only a trap, a sanitizer report, a timeout or running out of memory is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = bytes.map { Data(bytes: $0, count: count) } ?? Data()
    FuzzTarget.selected.run(data)
    return 0
}

#if FUZZING
/// libFuzzer's driver (`-sanitize=fuzzer` links it in).
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<CInt>,
                     _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// The executable's entry point. SwiftPM links an executable target with `main` defined as `<module>_main`, which
/// replaces the `main` libFuzzer would bring, so this hands the arguments to libFuzzer's driver itself.
@_cdecl("TFZFuzz_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return runFuzzerDriver(&argc, &argv) { bytes, count in fuzzTestOneInput(bytes, count) }
}
#else
/// Without libFuzzer (a normal `swift build`): replays inputs, one file per argument, through a target —
/// `TFZFuzz <target> FILE…` — and prints what each one did. Used to check a crash artifact after a fix.
@main
enum FuzzReplay {
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
            let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
            FileHandle.standardError.write(Data("usage: TFZFuzz <target> FILE…   (targets: \(names))\n".utf8))
            exit(2)
        }
        arguments.removeFirst()
        for path in arguments {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("cannot read \(path)\n".utf8))
                exit(1)
            }
            target.run(data)
            print("\(target.rawValue): \(path) (\(data.count) bytes): ran")
        }
    }
}
#endif
