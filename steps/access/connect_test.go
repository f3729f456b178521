package access

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// fleet is a top institution and three tails, each told to send its notices
// to notify(id, tier).
func noticeFleet(notify func(id, tier string) string) []*inst {
	var out []*inst
	for _, x := range [][2]string{{"pi-topaaa", iti.TierTop}, {"pi-tailbb", iti.TierTail}, {"pi-tailcc", iti.TierTail}, {"pi-taildd", iti.TierTail}} {
		out = append(out, &inst{id: x[0], tier: x[1], conn: &iti.InstitutionConnection{InstitutionID: x[0], NotifyURL: notify(x[0], x[1])}})
	}
	return out
}

// token stands for an opaque per-institution secret.
func token(id string) string { return strings.ToUpper(id[3:]) + "9f3a1c" }

func noticeFindings(insts []*inst) error {
	var f scenario.Findings
	sameNoticeInterface(&f, insts)
	return f.Err()
}

func TestOneNoticeInterfaceMayCarryEachInstitutionsOwnPart(t *testing.T) {
	const base = "http://127.0.0.1:8080/pay/5f0c3d9e"
	for name, notify := range map[string]func(id, tier string) string{
		"one address":                   func(id, tier string) string { return base + "/notify" },
		"the institution's id":          func(id, tier string) string { return base + "/notify/" + id },
		"an opaque token in the path":   func(id, tier string) string { return base + "/notify/" + token(id) },
		"a token in the first segment":  func(id, tier string) string { return "http://127.0.0.1:8080/" + token(id) + "/notify" },
		"an opaque token in the query":  func(id, tier string) string { return base + "/notify?key=" + token(id) },
		"the id and a token, one part":  func(id, tier string) string { return base + "/notify/" + id + "-" + token(id) },
		"the id and a token, two parts": func(id, tier string) string { return base + "/notify/" + id + "/" + token(id) },
		"host case and default port": func(id, tier string) string {
			if tier == iti.TierTop {
				return "http://Platform.Example.test/notify"
			}
			return "http://platform.example.test:80/notify"
		},
	} {
		assert.NoError(t, noticeFindings(noticeFleet(notify)), name)
	}
}

func TestNoticeInterfacesOfAnotherOriginOrShapeFail(t *testing.T) {
	const base = "http://127.0.0.1:8080/pay/5f0c3d9e"
	for name, c := range map[string]struct {
		notify func(id, tier string) string
		says   string
	}{
		"tails on another host": {func(id, tier string) string {
			if tier == iti.TierTail {
				return "http://slow-lane.example.test/pay/5f0c3d9e/notify"
			}
			return base + "/notify"
		}, "on another server"},
		"one tail on another port": {func(id, tier string) string {
			if id == "pi-tailcc" {
				return "http://127.0.0.1:8081/pay/5f0c3d9e/notify"
			}
			return base + "/notify"
		}, "pi-tailcc (tail) is told to send its payment notices to \"http://127.0.0.1:8081/pay/5f0c3d9e/notify\", on another server"},
		"tails on https": {func(id, tier string) string {
			if tier == iti.TierTail {
				return "https://127.0.0.1:8080/pay/5f0c3d9e/notify"
			}
			return base + "/notify"
		}, "on another server"},
		"tails with a longer path": {func(id, tier string) string {
			if tier == iti.TierTail {
				return base + "/notify/review"
			}
			return base + "/notify"
		}, "another form"},
		"tails with a query the top has not": {func(id, tier string) string {
			if tier == iti.TierTail {
				return base + "/notify?queue=batch"
			}
			return base + "/notify"
		}, "another form"},
		"all tails on one other address": {func(id, tier string) string {
			if tier == iti.TierTail {
				return base + "/notify-tail"
			}
			return base + "/notify"
		}, "not institution by institution: pi-tailbb, pi-tailcc, pi-taildd share \"notify-tail\""},
		"all tails on one other queue": {func(id, tier string) string {
			return base + "/notify?queue=" + tier
		}, "share \"tail\""},
		"a token and a tier word": {func(id, tier string) string {
			return base + "/notify-" + tier + "/" + token(id)
		}, "in path segment 3 and path segment 4"},
		"not a web address": {func(id, tier string) string {
			if id == "pi-taildd" {
				return "/pay/5f0c3d9e/notify"
			}
			return base + "/notify"
		}, "which is not a web address"},
	} {
		err := noticeFindings(noticeFleet(c.notify))
		if assert.Error(t, err, name) {
			assert.Contains(t, err.Error(), c.says, name)
		}
	}
}
