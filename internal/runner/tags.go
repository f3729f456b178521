package runner

import (
	"fmt"
	"regexp"
	"strings"
)

var tagTerm = regexp.MustCompile(`^~?@[^\s,&~@]+$`)

// tagFilter checks a godog tag expression and returns it as disjunction of
// conjunctions, which is the only form godog's filter understands.
func tagFilter(expr string) ([][]string, error) {
	if strings.TrimSpace(expr) == "" {
		return nil, nil
	}
	var out [][]string
	for _, or := range strings.Split(expr, ",") {
		var and []string
		for _, t := range strings.Split(or, "&&") {
			t = strings.TrimSpace(t)
			if !tagTerm.MatchString(t) {
				return nil, fmt.Errorf("--tags %q: %q is not a tag; write tags like @LINK-01, combine them with ',' (or) and '&&' (and), negate with '~'", expr, t)
			}
			and = append(and, t)
		}
		out = append(out, and)
	}
	return out, nil
}

// roleTerms are the tags of the scenarios of roles.
func roleTerms(roles []string) []string {
	var terms []string
	for _, role := range roles {
		terms = append(terms, "@role:"+role)
	}
	return terms
}

// combine ANDs the role terms (ORed) with the user's filter, distributing so
// the result stays a disjunction of conjunctions.
func combine(roles []string, user [][]string) string {
	var terms []string
	for _, r := range roles {
		if len(user) == 0 {
			terms = append(terms, r)
			continue
		}
		for _, and := range user {
			terms = append(terms, strings.Join(append([]string{r}, and...), " && "))
		}
	}
	return strings.Join(terms, ",")
}

// matches applies a godog tag filter the way godog does, to count the
// scenarios a run will execute before it starts.
func matches(filter string, tags []string) bool {
	if filter == "" {
		return true
	}
	has := map[string]bool{}
	for _, t := range tags {
		has[strings.TrimPrefix(t, "@")] = true
	}
	for _, or := range strings.Split(filter, ",") {
		all := true
		for _, t := range strings.Split(or, "&&") {
			t = strings.TrimPrefix(strings.TrimSpace(t), "@")
			if neg, ok := strings.CutPrefix(t, "~"); ok {
				all = all && !has[strings.TrimPrefix(neg, "@")]
			} else {
				all = all && has[t]
			}
		}
		if all {
			return true
		}
	}
	return false
}
