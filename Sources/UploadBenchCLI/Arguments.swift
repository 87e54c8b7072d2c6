// SPDX-License-Identifier: Apache-2.0

/// The arguments of one command, consumed option by option.
///
/// Options are `--name value` or `--name=value`. After a command has taken what it
/// knows, `finish()` refuses whatever is left, so a typo never passes silently.
struct Arguments {
    private var remaining: [String]

    /// Wraps the arguments that follow the command name.
    init(_ arguments: [String]) {
        self.remaining = arguments
    }

    /// Whether `--help` or `-h` is among the arguments.
    var helpRequested: Bool { remaining.contains("--help") || remaining.contains("-h") }

    /// Takes every value of a repeatable option, in order.
    mutating func values(of name: String) throws(CommandLineError) -> [String] {
        var values = [String]()
        var index = 0
        while index < remaining.count {
            let argument = remaining[index]
            if argument == name {
                guard index + 1 < remaining.count else {
                    throw .usage("The option \(name) needs a value, as in `\(name) VALUE`.")
                }
                values.append(remaining[index + 1])
                remaining.removeSubrange(index...index + 1)
            } else if argument.hasPrefix(name + "=") {
                values.append(String(argument.dropFirst(name.count + 1)))
                remaining.remove(at: index)
            } else {
                index += 1
            }
        }
        return values
    }

    /// Takes an option that may appear at most once.
    mutating func value(of name: String) throws(CommandLineError) -> String? {
        let values = try values(of: name)
        guard values.count <= 1 else { throw .usage("The option \(name) may be given only once.") }
        return values.first
    }

    /// Takes a flag that has no value; true when it was given.
    mutating func flag(_ name: String) -> Bool {
        let count = remaining.count
        remaining.removeAll { $0 == name }
        return remaining.count != count
    }

    /// Takes the arguments that are not options (file names), in order; call it after
    /// every option has been taken.
    mutating func positionals() -> [String] {
        let (options, positionals) = (remaining.filter { $0.hasPrefix("-") }, remaining.filter { !$0.hasPrefix("-") })
        remaining = options
        return positionals
    }

    /// Refuses any argument no one took.
    func finish(helpHint: String) throws(CommandLineError) {
        guard let first = remaining.first else { return }
        let kind = first.hasPrefix("-") ? "option" : "argument"
        throw .usage("Unknown \(kind) '\(first)'. Run `\(helpHint) --help` to see the options.")
    }
}
