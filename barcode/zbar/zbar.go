// Package zbar reads QR pictures with zbarimg, from Debian's zbar-tools: a
// decoder independent of the one the harness uses, so that a fault shared by
// an encoder and gozxing cannot hide. It is for tests, like net/http/httptest.
package zbar

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Need returns zbarimg's path. Where it is missing the test fails in CI,
// whose .ci/run installs zbar-tools, and is skipped elsewhere.
func Need(tb testing.TB) string {
	tb.Helper()
	exe, err := exec.LookPath("zbarimg")
	if err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatal("zbarimg is not on PATH; CI must install zbar-tools (.ci/run does: apt-get install -y zbar-tools)")
		}
		tb.Skip("zbarimg not on PATH; install zbar-tools (apt-get install -y zbar-tools) to run the independent-decoder check")
	}
	return exe
}

// Read decodes png with zbarimg at exe and returns the symbol's text.
func Read(exe, dir string, png []byte) (string, error) {
	path := filepath.Join(dir, "code.png")
	if err := os.WriteFile(path, png, 0o600); err != nil {
		return "", err
	}
	// -Sbinary prints the symbol's bytes as they are, with no charset guess
	// (which could turn UTF-8 Chinese into Shift_JIS) and no trailing newline.
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(exe, "--raw", "-q", "-Sbinary", path)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("zbarimg: %v: %s", err, stderr.String())
	}
	return string(bytes.TrimSuffix(stdout.Bytes(), []byte("\n"))), nil
}
