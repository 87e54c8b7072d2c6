# SPDX-License-Identifier: Apache-2.0
#
# Sourced by .ci/install and .ci/run: puts the folders where pip installs
# scripts (aws, weed) on PATH, since a --user or venv install is not on it.
if command -v python3 >/dev/null 2>&1; then
    for folder in \
        "$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))' 2>/dev/null || true)" \
        "$(python3 -m site --user-base 2>/dev/null || true)/bin"; do
        case ":$PATH:" in
            *":$folder:"*) ;;
            *) if [ -d "$folder" ]; then PATH="$PATH:$folder"; fi ;;
        esac
    done
    export PATH
fi
