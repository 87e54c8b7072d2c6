// SPDX-License-Identifier: Apache-2.0

import Foundation
import Glibc

/// nginx from Debian, as a PUT sink or as a reverse proxy, in a temp directory.
///
/// The sink is `return 200` in a location that accepts any body size. nginx then
/// discards the body (`ngx_http_discard_request_body`): it reads it from the socket
/// into a 4 KiB stack buffer (NGX_HTTP_DISCARD_BUFFER_SIZE) and drops it, and it
/// must have read all of it before the keep-alive connection takes the next
/// request. The response can leave before the body is read, so the client counts
/// a request as done only when both are complete; the bytes nginx read are checked
/// against the bytes sent (`rchar` of /proc/PID/io).
///
/// The relay is `proxy_pass` with `proxy_request_buffering off` (the body is
/// passed on as it arrives, never spooled) to an upstream with keep-alive
/// connections, `proxy_http_version 1.1` and the client's `Host` (which the
/// request's signature covers).
final class Nginx {
    enum Role {
        case sink
        case relay(upstreamPort: Int)
    }

    let port: Int
    let process: ChildProcess
    let directory: String

    /// Writes the configuration and starts nginx with `workers` worker processes.
    /// - Throws: `BenchError` when nginx does not start or does not listen.
    init(binary: String, role: Role, workers: Int, directory: String) throws {
        port = try Sockets.freePort()
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let configPath = directory + "/nginx.conf"
        try Self.configuration(role: role, port: port, workers: workers, directory: directory)
            .write(toFile: configPath, atomically: true, encoding: .utf8)
        process = try ChildProcess(
            [binary, "-p", directory, "-c", configPath, "-e", directory + "/error.log"],
            logPath: directory + "/stdout.log"
        )
        guard Sockets.waitForListener(port: port, timeout: 10) else {
            let errors = (try? String(contentsOfFile: directory + "/error.log", encoding: .utf8)) ?? ""
            process.stop()
            throw BenchError("nginx did not start listening on port \(port): \(errors)")
        }
    }

    /// The master and its workers.
    var processIDs: [pid_t] { [process.pid] + ProcessProbe.children(of: process.pid) }

    func stop() { process.stop(signal: SIGQUIT) }

    static func configuration(role: Role, port: Int, workers: Int, directory: String) -> String {
        let location: String
        var upstream = ""
        switch role {
        case .sink:
            location = """
                    location / {
                        return 200;
                    }
            """
        case .relay(let upstreamPort):
            upstream = """
                upstream s3 {
                    server 127.0.0.1:\(upstreamPort);
                    keepalive 64;
                    keepalive_requests 1000000;
                }
            """
            location = """
                    location / {
                        proxy_pass http://s3;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host $http_host;
                        proxy_request_buffering off;
                        proxy_buffering off;
                    }
            """
        }
        return """
        # Written by perf-bench; nginx runs in the foreground in this directory.
        daemon off;
        master_process on;
        worker_processes \(workers);
        pid \(directory)/nginx.pid;
        error_log \(directory)/error.log warn;
        events {
            worker_connections 20000;
            multi_accept on;
        }
        http {
            access_log off;
            client_body_temp_path \(directory)/body;
            proxy_temp_path \(directory)/proxy;
            fastcgi_temp_path \(directory)/fastcgi;
            uwsgi_temp_path \(directory)/uwsgi;
            scgi_temp_path \(directory)/scgi;
            keepalive_requests 1000000;
            keepalive_timeout 120s;
            client_max_body_size 0;
            client_body_buffer_size 256k;
        \(upstream)
            server {
                listen 127.0.0.1:\(port) reuseport backlog=16384;
        \(location)
            }
        }

        """
    }
}
