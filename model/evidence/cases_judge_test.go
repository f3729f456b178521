package evidence

import "testing"

func TestJudgeFoldsEveryCheckOfACaseIntoOne(t *testing.T) {
	var l Log
	l.Judge("link 0", Case{Kind: CaseSample, Name: "a", Held: true})
	l.Judge("link 1", Case{Kind: CaseSample, Name: "b", Held: true})
	l.Judge("link 0", Case{Kind: CaseSample, Name: "a", Held: false, Detail: "blocked"})
	l.Judge("link 0", Case{Kind: CaseSample, Name: "a", Held: true})
	cs := l.Cases()
	if len(cs) != 2 {
		t.Fatalf("%d cases, want 2: %+v", len(cs), cs)
	}
	if cs[0].Held || cs[0].Detail != "blocked" || !cs[1].Held {
		t.Errorf("a case held only if every check of it held: %+v", cs)
	}
}
