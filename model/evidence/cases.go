package evidence

// Case is one point a scenario judged of the space its requirement
// quantifies over ("any amount", "every institution", "only once"), or one
// threat it tried against a security requirement. A requirement's verdict
// rests on all its cases; the report lists them, so that "passed" reads as
// "none of these N cases or attacks went wrong".
type Case struct {
	// Kind is CaseSample for a generated case, CaseThreat for an attack
	// from the requirement's threat model.
	Kind string `json:"kind"`
	// Name says what the case is in a reader's words: "amount 0.01 CNY
	// through a tail institution", "a notice forged with a fresh key".
	Name string `json:"name"`
	// Dims are the case's values along the dimensions the Rule names.
	Dims map[string]string `json:"dims,omitempty"`
	// Held is true when the implementation did what the requirement asks.
	Held bool `json:"held"`
	// Detail is what was observed, most useful when the case did not hold.
	Detail string `json:"detail,omitempty"`
}

// Kinds of Case.
const (
	CaseSample = "sample"
	CaseThreat = "threat"
)

// maxCases bounds the cases a scenario keeps.
const maxCases = 2000

// Case records a judged case against the current step.
func (l *Log) Case(c Case) {
	c.Name, c.Detail = cut(c.Name, 300), cut(c.Detail, 1000)
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.cases) >= maxCases {
		l.omitted++
		return
	}
	l.cases = append(l.cases, c)
}

// Cases returns a copy of the judged cases, in order.
func (l *Log) Cases() []Case {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Case(nil), l.cases...)
}

// Judge records one judgement of the case key: the first judgement of a
// key adds c; later ones, by other checks of the same case, fold into it —
// it held only if every judgement held, and the details are joined. A case
// judged by several steps so counts once, as the one case it is.
func (l *Log) Judge(key string, c Case) {
	c.Name, c.Detail = cut(c.Name, 300), cut(c.Detail, 1000)
	l.mu.Lock()
	defer l.mu.Unlock()
	if i, ok := l.caseKeys[key]; ok {
		old := &l.cases[i]
		old.Held = old.Held && c.Held
		if c.Detail != "" {
			if old.Detail != "" {
				old.Detail = cut(old.Detail+"; "+c.Detail, 1000)
			} else {
				old.Detail = c.Detail
			}
		}
		return
	}
	if len(l.cases) >= maxCases {
		l.omitted++
		return
	}
	if l.caseKeys == nil {
		l.caseKeys = map[string]int{}
	}
	l.caseKeys[key] = len(l.cases)
	l.cases = append(l.cases, c)
}
