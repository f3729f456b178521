package barcodes

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hutong-interop/hutong/barcode/emv"
	"github.com/hutong-interop/hutong/barcode/qrimage"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// QR-01 and QR-02: the code and its picture, judged with the harness's own
// EMV validator and QR decoder rather than with anything the implementation
// says about them.

func needCode(ctx context.Context) (*state, error) {
	s := st(ctx)
	if s.payload == "" {
		return nil, fmt.Errorf("no code was issued by an earlier step")
	}
	return s, nil
}

func followsRules(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Artefact)
	s, err := needCode(ctx)
	if err != nil {
		return err
	}
	rep := emv.Validate(s.payload)
	var broken []string
	for _, p := range rep.Problems {
		// The check digits have their own step.
		if p.Rule != emv.RuleCRC {
			broken = append(broken, fmt.Sprintf("%s [%s, %s]", p.Message, p.ID, p.Rule))
		}
	}
	scenario.From(ctx).Log.Note("EMV check of the code", describeReport(rep))
	if len(broken) > 0 {
		return fmt.Errorf("the code %q breaks %d rule(s) of the EMV merchant-presented format: %s", s.payload, len(broken), strings.Join(broken, "; "))
	}
	return nil
}

func describeReport(rep emv.Report) string {
	var b strings.Builder
	fmt.Fprintf(&b, "valid: %v; check digits found %q, expected %q\n", rep.Valid, rep.CRC, rep.ExpectedCRC)
	for _, f := range rep.Fields {
		fmt.Fprintf(&b, "%s: %s\n", f.ID, f.Value)
	}
	for _, p := range rep.Problems {
		fmt.Fprintf(&b, "problem %s (%s): %s\n", p.ID, p.Rule, p.Message)
	}
	return b.String()
}

func checkDigits(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Artefact)
	s, err := needCode(ctx)
	if err != nil {
		return err
	}
	rep := emv.Validate(s.payload)
	if !rep.CRCOK {
		return fmt.Errorf("the code's check digits (CRC) are %q, but the code's content gives %q", rep.CRC, rep.ExpectedCRC)
	}
	return nil
}

func needPicture(ctx context.Context) (*state, error) {
	s, err := needCode(ctx)
	if err == nil && len(s.png) == 0 {
		err = fmt.Errorf("the code came without a picture")
	}
	return s, err
}

func pictureScans(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Artefact)
	s, err := needPicture(ctx)
	if err != nil {
		return err
	}
	text, err := qrimage.Decode(s.png)
	if err != nil {
		return errors.New("the harness's scanner cannot read the code's picture")
	}
	if text != s.payload {
		return errors.New("the picture holds a different code from the one the acquirer gave")
	}
	return nil
}

func measure(ctx context.Context, s *state) (qrimage.Geometry, error) {
	g, err := qrimage.Measure(s.png)
	if err != nil {
		return g, errors.New("the harness cannot find the code's squares in the picture")
	}
	scenario.From(ctx).Log.Note("Picture of the code, measured",
		fmt.Sprintf("%dx%d px; %d modules per side; %.2f px per module; quiet zone left %.2f, top %.2f, right %.2f, bottom %.2f modules",
			g.Width, g.Height, g.Modules, g.ModulePx, g.QuietLeft, g.QuietTop, g.QuietRight, g.QuietBottom))
	return g, nil
}

// Measured sizes come from pixel counts divided by whole modules; this
// slack keeps exact renders from failing on rounding.
const slack = 0.01

func modulesWide(ctx context.Context, px int) error {
	scenario.Rest(ctx, evidence.Artefact)
	s, err := needPicture(ctx)
	if err != nil {
		return err
	}
	g, err := measure(ctx, s)
	if err != nil {
		return err
	}
	if !(g.ModulePx+slack >= float64(px)) {
		return fmt.Errorf("the code's squares (modules) are %.2f pixels wide, below %d: too small to scan reliably from a screen or print", g.ModulePx, px)
	}
	return nil
}

func shrunkScans(ctx context.Context, px int) error {
	scenario.Rest(ctx, evidence.Artefact)
	s, err := needPicture(ctx)
	if err != nil {
		return err
	}
	small, err := qrimage.Scale(s.png, px)
	if err != nil {
		return fmt.Errorf("the harness cannot shrink the picture to %d pixels per module", px)
	}
	text, err := qrimage.Decode(small)
	if err != nil {
		return fmt.Errorf("shrunk to %d pixels per module, the code's picture can no longer be read", px)
	}
	if text != s.payload {
		return fmt.Errorf("shrunk to %d pixels per module, the picture reads as a different code", px)
	}
	return nil
}

func quietZone(ctx context.Context, modules int) error {
	scenario.Rest(ctx, evidence.Artefact)
	s, err := needPicture(ctx)
	if err != nil {
		return err
	}
	g, err := measure(ctx, s)
	if err != nil {
		return err
	}
	if !(g.QuietZoneModules+slack >= float64(modules)) {
		return fmt.Errorf("the white margin around the code is %.2f modules at its narrowest; ISO/IEC 18004 asks for %d", g.QuietZoneModules, modules)
	}
	return nil
}
