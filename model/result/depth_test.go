package result

import "testing"

// 44 is the fewest cases that reach 99 %: one fewer does not.
func TestCertificationCasesIsTheFewestThatReach99Percent(t *testing.T) {
	if Detection(CertificationCases) < CertificationPower || Detection(CertificationCases-1) >= CertificationPower {
		t.Fatalf("%d cases give %.4f, %d give %.4f; want the first ≥ %.2f and the second below",
			CertificationCases, Detection(CertificationCases), CertificationCases-1, Detection(CertificationCases-1), CertificationPower)
	}
}

func TestParseDepthNamesWhatItAccepts(t *testing.T) {
	for in, want := range map[string]string{"": DepthCertification, "certification": DepthCertification, "quick": DepthQuick} {
		if got, err := ParseDepth(in); err != nil || got != want {
			t.Errorf("ParseDepth(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseDepth("deep"); err == nil {
		t.Error(`ParseDepth("deep") accepted`)
	}
}
