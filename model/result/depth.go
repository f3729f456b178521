package result

import (
	"fmt"
	"math"
)

// Depths a run judges its requirements at.
const (
	// DepthCertification draws, for every MUST requirement, at least
	// CertificationCases independent cases: a run at this depth may
	// certify.
	DepthCertification = "certification"
	// DepthQuick draws a few cases of each requirement, for development
	// and for the harness's own tests of what a run does with a verdict.
	// Such a run is partial, never a certification, and says so.
	DepthQuick = "quick"
)

// CertificationCases is the fewest independent cases at which a violation
// affecting at least 10 % of a requirement's cases shows in at least one of
// them with probability 99 % or more: 1 − 0.9⁴⁴ = 99.03 %, where 43 cases
// reach only 98.92 %.
const CertificationCases = 44

// CertificationPower is the detection power a MUST requirement's cases
// must reach at certification depth.
const CertificationPower = 0.99

// Detection is the chance that a violation affecting at least 10 % of cases
// shows in at least one of n independent cases.
func Detection(n int) float64 {
	if n <= 0 {
		return 0
	}
	return 1 - math.Pow(0.9, float64(n))
}

// ParseDepth checks a depth's name; "" is DepthCertification.
func ParseDepth(s string) (string, error) {
	switch s {
	case "", DepthCertification:
		return DepthCertification, nil
	case DepthQuick:
		return DepthQuick, nil
	}
	return "", fmt.Errorf("depth %q: want %q (the default: enough cases of every MUST requirement to certify) or %q (a few cases, for development; never a certification)", s, DepthCertification, DepthQuick)
}

// DepthDrawn is the run's depth; a record from before depths were drawn
// (which drew what a certification then did) reads as DepthCertification.
func (r *Run) DepthDrawn() string {
	if r.Depth == "" {
		return DepthCertification
	}
	return r.Depth
}
