package barcodes

import (
	"context"
	"fmt"
	"strings"

	"github.com/hutong-interop/hutong/barcode/emv"
	"github.com/hutong-interop/hutong/barcode/qrimage"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// QR-01 and QR-02: every code of the batch and its picture, judged with the
// harness's own EMV validator and QR decoder rather than with anything the
// implementation says about them. Each picture is decoded no more often
// than its check needs: once at full size, once shrunk, and measured once.

func needCode(ctx context.Context) (*state, error) {
	s := st(ctx)
	if s.payload == "" {
		return nil, fmt.Errorf("no code was issued by an earlier step")
	}
	return s, nil
}

func followsRules(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Artefact)
	return judgeCodes(ctx, "every code the acquirer issued follows every rule of the EMV merchant-presented format", func(c *issued) string {
		var broken []string
		for _, p := range emv.Validate(c.code.Payload).Problems {
			// The check digits have their own step.
			if p.Rule != emv.RuleCRC {
				broken = append(broken, fmt.Sprintf("%s [%s, %s]", p.Message, p.ID, p.Rule))
			}
		}
		if len(broken) > 0 {
			return fmt.Sprintf("the code %q breaks %d rule(s) of the EMV merchant-presented format: %s", c.code.Payload, len(broken), strings.Join(broken, "; "))
		}
		return ""
	})
}

func checkDigits(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Artefact)
	return judgeCodes(ctx, "every code's check digits are correct", func(c *issued) string {
		if rep := emv.Validate(c.code.Payload); !rep.CRCOK {
			return fmt.Sprintf("the code's check digits (CRC) are %q, but the code's content gives %q", rep.CRC, rep.ExpectedCRC)
		}
		return ""
	})
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
	return judgeCodes(ctx, "every code's picture scans to exactly the code", func(c *issued) string {
		p, err := c.picture()
		if err != nil {
			return "the code's picture is not a PNG the harness can read"
		}
		text, err := p.Decode()
		switch {
		case err != nil:
			return "the harness's scanner cannot read the code's picture"
		case text != c.code.Payload:
			return "the picture holds a different code from the one the acquirer gave"
		}
		return ""
	})
}

// measured says what the harness measured of a picture, for a finding.
func measured(g qrimage.Geometry) string {
	return fmt.Sprintf("%dx%d px; %d modules per side; %.2f px per module; quiet zone left %.2f, top %.2f, right %.2f, bottom %.2f modules",
		g.Width, g.Height, g.Modules, g.ModulePx, g.QuietLeft, g.QuietTop, g.QuietRight, g.QuietBottom)
}

// Measured sizes come from pixel counts divided by whole modules; this
// slack keeps exact renders from failing on rounding.
const slack = 0.01

func modulesWide(ctx context.Context, px int) error {
	scenario.Rest(ctx, evidence.Artefact)
	noteGeometry(ctx)
	return judgeCodes(ctx, fmt.Sprintf("every picture's modules are at least %d pixels wide", px), func(c *issued) string {
		g, err := c.geometry()
		switch {
		case err != nil:
			return "the harness cannot find the code's squares in the picture"
		case !(g.ModulePx+slack >= float64(px)):
			return fmt.Sprintf("the code's squares (modules) are %.2f pixels wide, below %d: too small to scan reliably from a screen or print (%s)", g.ModulePx, px, measured(g))
		}
		return ""
	})
}

// noteGeometry notes, once for the batch, what was measured of each
// picture.
func noteGeometry(ctx context.Context) {
	s := st(ctx)
	if s.geometryNoted {
		return
	}
	s.geometryNoted = true
	var lines []string
	for _, c := range s.issued {
		if g, err := c.geometry(); err == nil {
			lines = append(lines, c.key+": "+measured(g))
		} else {
			lines = append(lines, c.key+": no code's squares found")
		}
	}
	scenario.From(ctx).Log.Note("The pictures of the codes, measured", strings.Join(lines, "\n"))
}

func shrunkScans(ctx context.Context, px int) error {
	scenario.Rest(ctx, evidence.Artefact)
	return judgeCodes(ctx, fmt.Sprintf("every picture still scans to exactly the code when shrunk to %d pixels per module", px), func(c *issued) string {
		p, err := c.picture()
		if err != nil {
			return "the code's picture is not a PNG the harness can read"
		}
		small, err := p.Scale(px)
		if err != nil {
			return fmt.Sprintf("the harness cannot shrink the picture to %d pixels per module", px)
		}
		text, err := small.Decode()
		switch {
		case err != nil:
			return fmt.Sprintf("shrunk to %d pixels per module, the code's picture can no longer be read", px)
		case text != c.code.Payload:
			return fmt.Sprintf("shrunk to %d pixels per module, the picture reads as a different code", px)
		}
		return ""
	})
}

func quietZone(ctx context.Context, modules int) error {
	scenario.Rest(ctx, evidence.Artefact)
	noteGeometry(ctx)
	return judgeCodes(ctx, fmt.Sprintf("every picture has a quiet zone at least %d modules wide", modules), func(c *issued) string {
		g, err := c.geometry()
		switch {
		case err != nil:
			return "the harness cannot find the code's squares in the picture"
		case !(g.QuietZoneModules+slack >= float64(modules)):
			return fmt.Sprintf("the white margin around the code is %.2f modules at its narrowest; ISO/IEC 18004 asks for %d (%s)", g.QuietZoneModules, modules, measured(g))
		}
		return ""
	})
}
