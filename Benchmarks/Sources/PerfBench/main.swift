// SPDX-License-Identifier: Apache-2.0

import Foundation
import Glibc

// `perf-bench [--quick] [--only SUITES] [--out DIR] [--readme PATH]`: see the README section "Performance".
signal(SIGPIPE, SIG_IGN)
let options = PerfOptions(CommandLine.arguments.dropFirst())
guard let options else {
    print("""
        usage: perf-bench [--quick] [--only sink,relay,client,memory,held] [--out DIR] [--readme PATH]
          --quick   short loads and small big uploads, to check that everything works (figures not comparable)
          --out     where the CSV files and perf.md go (default results/perf)
          --readme  the file whose <!-- perf:begin --> ... <!-- perf:end --> section is rewritten (default README.md);
                    --readme none leaves it alone
        """)
    exit(2)
}
exit(PerfRun(options).run())
