package runner

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/model/result"
)

// Every direction of traffic lands in the evidence, each exchange once, on a
// step of its scenario.
func TestEvidenceCoversEveryDirectionOncePerExchange(t *testing.T) {
	t.Parallel()
	run := baseline(t)
	directions := map[string]int{}
	for _, s := range run.Scenarios {
		seen := map[string]bool{}
		for _, x := range s.Evidence {
			assert.True(t, x.Step >= 0 && x.Step < len(s.Steps), "%s: exchange %s %s is on step %d of %d", s.Name, x.Method, x.URL, x.Step, len(s.Steps))
			switch {
			case x.From == "harness" && x.To == target.ReferenceHost:
				directions["harness→implementation"]++
			case x.From == "harness":
				directions["harness→mock"]++
			case x.From == "implementation":
				directions["implementation→mock"]++
				assert.False(t, strings.HasPrefix(x.To, "iut"), "a mock exchange is named after the mock")
			}
			for k := range x.ReqHeaders {
				assert.NotEqual(t, evidence.MarkHeader, k, "the evidence mark is not shown")
			}
			key := x.From + " " + x.Method + " " + x.URL + " " + x.Started.String()
			assert.False(t, seen[key], "%s: exchange recorded twice: %s", s.Name, key)
			seen[key] = true
		}
		// The harness's own visit to a mock must not also appear as if the
		// implementation had made it.
		for _, x := range s.Evidence {
			if x.From != "harness" || x.To == target.ReferenceHost {
				continue
			}
			for _, y := range s.Evidence {
				if y.From == "implementation" && y.URL == x.URL && y.Step == x.Step && y.Started.Sub(x.Started).Abs() < 1e6 {
					t.Errorf("%s: harness visit %s also recorded as the implementation's", s.Name, x.URL)
				}
			}
		}
	}
	// Attribution is to the step that caused the exchange: a message is
	// posted by a step that sends or posts it, and the implementation's
	// fetch of the link's page happens within that same step.
	posts := 0
	for _, s := range run.Scenarios {
		for _, x := range s.Evidence {
			if x.From == "harness" && x.Method == "POST" && strings.HasSuffix(x.URL, "/messages") {
				posts++
				text := s.Steps[x.Step].Text
				assert.Regexp(t, `\b(sends|posts)\b`, text, "%s: a message was posted during step %d %q", s.Name, x.Step, text)
			}
		}
	}
	assert.Positive(t, posts)
	for _, d := range []string{"harness→implementation", "harness→mock", "implementation→mock"} {
		assert.Positive(t, directions[d], "no %s exchange recorded in the whole run", d)
	}
}

// However many scenarios a run has, what it keeps of their exchanges stays
// within the run's budget, the failed scenarios' evidence first.
func TestRunEvidenceHasABudget(t *testing.T) {
	t.Parallel()
	big := strings.Repeat("b", 4000)
	var scs []*result.Scenario
	for i := 0; i < 40; i++ {
		s := &result.Scenario{Status: result.Passed}
		if i == 39 {
			s.Status = result.Failed
		}
		for j := 0; j < 100; j++ {
			s.Evidence = append(s.Evidence, evidence.Exchange{URL: "https://x.test/", RespBody: big, ReqBody: big})
		}
		scs = append(scs, s)
	}
	budgetEvidence(scs, 1<<20)
	total := 0
	for _, s := range scs {
		for _, x := range s.Evidence {
			total += evidence.Weigh(x)
		}
	}
	assert.LessOrEqual(t, total, 1<<20+40*100*200, "bounded: the budget plus the slim remains")
	assert.Equal(t, big, scs[39].Evidence[0].RespBody, "the failed scenario's evidence is kept first")
	assert.Empty(t, scs[38].Evidence[99].RespBody)
	last := scs[38].Notes[len(scs[38].Notes)-1]
	assert.Equal(t, "evidence truncated", last.Title)
}
