package runner

import (
	"regexp"
	"strings"
)

// plainFailure pulls the human message out of a testify failure, which wraps
// it in "Error Trace:/Error:/Messages:" blocks meant for Go developers.
func plainFailure(err error) string {
	if err == nil {
		return ""
	}
	s := err.Error()
	if !strings.Contains(s, "Error Trace:") {
		return strings.TrimSpace(s)
	}
	var msgs []string
	for _, block := range strings.Split(s, "Error Trace:")[1:] {
		fields := labelled(block)
		switch {
		case fields["Messages"] != "":
			msgs = append(msgs, fields["Messages"])
		case fields["Error"] != "":
			msgs = append(msgs, fields["Error"])
		}
	}
	if len(msgs) == 0 {
		return strings.TrimSpace(s)
	}
	return strings.Join(msgs, "; ")
}

var label = regexp.MustCompile(`(?m)^\s*(Error|Test|Messages):\s*`)

// labelled splits one testify block into its labelled fields, each value on
// one line.
func labelled(block string) map[string]string {
	out := map[string]string{}
	locs := label.FindAllStringSubmatchIndex(block, -1)
	for i, l := range locs {
		end := len(block)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		val := strings.Join(strings.Fields(block[l[1]:end]), " ")
		out[block[l[2]:l[3]]] = val
	}
	return out
}
