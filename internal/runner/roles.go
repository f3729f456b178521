package runner

import (
	"fmt"
	"sort"
	"strings"
)

// chooseRoles returns the roles to test, sorted: those asked for, each of
// which must be known (have requirements) and claimed by the
// implementation, or without asked every claimed role that is known. A role
// asked for wrongly is the user's mistake (*ConfigError); an implementation
// that claims no role the harness knows broke the contract at discovery
// (*UntestableError). A claimed role the harness does not know is left out,
// which makes the run partial.
func chooseRoles(asked, claimed, known []string) ([]string, error) {
	isKnown := map[string]bool{}
	for _, k := range known {
		isKnown[k] = true
	}
	isClaimed := map[string]bool{}
	for _, c := range claimed {
		isClaimed[c] = true
	}
	if len(asked) == 0 {
		var out []string
		for _, c := range claimed {
			if isKnown[c] {
				out = append(out, c)
			}
		}
		if len(out) == 0 {
			return nil, &UntestableError{fmt.Errorf("the implementation claims no role this harness tests (it claims %q; roles with requirements: %s): its discovery answer breaks the contract", claimed, strings.Join(known, ", "))}
		}
		sort.Strings(out)
		return out, nil
	}
	var out []string
	for _, a := range asked {
		switch {
		case !isKnown[a]:
			return nil, &ConfigError{fmt.Errorf("unknown role %q; roles with requirements: %s", a, strings.Join(known, ", "))}
		case !isClaimed[a]:
			return nil, &ConfigError{fmt.Errorf("role %q was asked for, but the implementation does not claim it (it claims: %s)", a, strings.Join(claimed, ", "))}
		}
		out = append(out, a)
	}
	sort.Strings(out)
	return out, nil
}
