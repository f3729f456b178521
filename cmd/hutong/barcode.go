package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/hutong-interop/hutong/barcode/emv"
	"github.com/hutong-interop/hutong/barcode/qrimage"
)

// Exit codes of 'hutong barcode inspect'.
const (
	exitCodeValid      = 0 // the payload follows every rule
	exitCodeInvalid    = 1 // the payload breaks rules
	exitCodeUnreadable = 2 // no payload could be read (also usage errors)
)

func barcode(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		w := stderr
		if len(args) > 0 {
			w = stdout
		}
		barcodeUsage(w)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	switch args[0] {
	case "inspect":
		return barcodeInspect(args[1:], stdout, stderr)
	case "render":
		return barcodeRender(args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "hutong barcode: unknown subcommand %q\n\n", args[0])
	barcodeUsage(stderr)
	return exitUsage
}

func barcodeUsage(w io.Writer) {
	fmt.Fprint(w, `Usage:
  hutong barcode inspect [--json] PAYLOAD|FILE.png
  hutong barcode render --payload PAYLOAD -o FILE.png [--module-px N] [--quiet-zone N] [--level L|M|Q|H]

inspect checks an EMV merchant-presented payment code (EMVCo MPM) against the
specification: structure, mandatory data objects, formats, and the CRC. The
argument is read as a picture when it ends in .png or names an existing file
(the QR code in it is decoded, and its module size and quiet zone measured);
otherwise it is the payload text itself. Quote it: payloads contain spaces.

render draws a payload as a QR code PNG with exact geometry.

Exit codes of inspect:
  0  the code follows every rule
  1  the code breaks rules (each is listed with its data object ID and rule)
  2  nothing could be read: no argument, unreadable file, not a PNG, no QR code

Examples:
  hutong barcode inspect --json '00020101021229300012D156000000000510A93FO3230Q...6304A13A'
  hutong barcode render --payload "$(cat code.txt)" -o code.png --module-px 8
  hutong barcode inspect code.png
`)
}

// inspection is the JSON form of 'barcode inspect'.
type inspection struct {
	Source      string           `json:"source"` // "payload" or "image"
	File        string           `json:"file,omitempty"`
	Payload     string           `json:"payload"`
	Valid       bool             `json:"valid"`
	CRCOK       bool             `json:"crc_ok"`
	CRC         string           `json:"crc"`
	ExpectedCRC string           `json:"expected_crc"`
	Fields      []inspectField   `json:"fields"`
	Problems    []inspectIssue   `json:"problems"`
	Image       *inspectGeometry `json:"image,omitempty"`
}

type inspectField struct {
	ID     string         `json:"id"`
	Name   string         `json:"name"`
	Value  string         `json:"value"`
	Fields []inspectField `json:"fields,omitempty"`
}

type inspectIssue struct {
	ID      string `json:"id"`
	Rule    string `json:"rule"`
	Message string `json:"message"`
}

type inspectGeometry struct {
	Width            int     `json:"width_px"`
	Height           int     `json:"height_px"`
	Modules          int     `json:"modules"`
	ModulePx         float64 `json:"module_px"`
	QuietZoneModules float64 `json:"quiet_zone_modules"`
	Error            string  `json:"error,omitempty"`
}

func barcodeInspect(args []string, stdout, stderr io.Writer) int {
	fail := failer{stderr, "barcode inspect"}
	fs := flag.NewFlagSet("barcode inspect", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the result as JSON")
	fs.Usage = func() { barcodeUsage(stderr); fmt.Fprintln(stderr, "\nFlags:"); fs.PrintDefaults() }
	// --json may follow the payload too: people paste the payload first.
	var rest []string
	for _, a := range args {
		if a == "--json" || a == "-json" {
			*asJSON = true
			continue
		}
		rest = append(rest, a)
	}
	if code, done := parseFlags(fs, rest, exitCodeUnreadable); done {
		return code
	}
	if fs.NArg() != 1 {
		return fail.exit(exitCodeUnreadable, "give exactly one payload or PNG file (got %d arguments); see 'hutong barcode --help'", fs.NArg())
	}
	arg := fs.Arg(0)
	out := inspection{Source: "payload", Payload: arg}
	if isImageArg(arg) {
		data, err := os.ReadFile(arg)
		if err != nil {
			return fail.exit(exitCodeUnreadable, "cannot read %s: %v", arg, err)
		}
		text, err := qrimage.Decode(data)
		if err != nil {
			return fail.exit(exitCodeUnreadable, "%s: %v", arg, err)
		}
		out.Source, out.File, out.Payload = "image", arg, text
		g, err := qrimage.Measure(data)
		out.Image = &inspectGeometry{Width: g.Width, Height: g.Height, Modules: g.Modules, ModulePx: round2(g.ModulePx), QuietZoneModules: round2(g.QuietZoneModules)}
		if err != nil {
			out.Image.Error = err.Error()
		}
	}
	rep := emv.Validate(out.Payload)
	out.Valid, out.CRCOK, out.CRC, out.ExpectedCRC = rep.Valid, rep.CRCOK, rep.CRC, rep.ExpectedCRC
	out.Fields = inspectFields("", rep.Fields)
	out.Problems = []inspectIssue{}
	for _, p := range rep.Problems {
		out.Problems = append(out.Problems, inspectIssue{ID: p.ID, Rule: p.Rule, Message: p.Message})
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		enc.Encode(out)
	} else {
		printInspection(stdout, out)
	}
	if out.Valid {
		return exitCodeValid
	}
	return exitCodeInvalid
}

// isImageArg: an argument is a picture when it says so by its extension or
// names an existing file. Payload text never contains a path separator
// followed by an existing file by accident, but it may end in anything, so
// the extension test is case-insensitive and the file test comes second.
func isImageArg(arg string) bool {
	if strings.HasSuffix(strings.ToLower(arg), ".png") {
		return true
	}
	st, err := os.Stat(arg)
	return err == nil && st.Mode().IsRegular()
}

func inspectFields(prefix string, objs []emv.Object) []inspectField {
	out := []inspectField{}
	for _, o := range objs {
		path := o.ID
		if prefix != "" {
			path = prefix + "." + o.ID
		}
		f := inspectField{ID: o.ID, Name: emv.Name(path), Value: o.Value}
		if len(o.Children) > 0 {
			f.Fields = inspectFields(path, o.Children)
		}
		out = append(out, f)
	}
	return out
}

func round2(x float64) float64 { return float64(int64(x*100+0.5)) / 100 }

func printInspection(w io.Writer, in inspection) {
	if in.Source == "image" {
		fmt.Fprintf(w, "Picture: %s\n", in.File)
		if g := in.Image; g.Error != "" {
			fmt.Fprintf(w, "  geometry: cannot be measured: %s\n", g.Error)
		} else {
			fmt.Fprintf(w, "  %dx%d px, %d modules per side, %.2f px per module, quiet zone %.2f modules\n", g.Width, g.Height, g.Modules, g.ModulePx, g.QuietZoneModules)
		}
	}
	fmt.Fprintf(w, "Payload: %s\n", in.Payload)
	if in.Valid {
		fmt.Fprintln(w, "Verdict: VALID — follows every rule checked")
	} else {
		fmt.Fprintf(w, "Verdict: INVALID — %d problem(s)\n", len(in.Problems))
	}
	switch {
	case in.CRC == "":
		fmt.Fprintln(w, "CRC:     none found")
	case in.CRCOK:
		fmt.Fprintf(w, "CRC:     %s (correct)\n", in.CRC)
	default:
		fmt.Fprintf(w, "CRC:     found %s, expected %s (MISMATCH)\n", in.CRC, in.ExpectedCRC)
	}
	fmt.Fprintln(w, "Fields:")
	printFields(w, in.Fields, "  ")
	if len(in.Problems) > 0 {
		fmt.Fprintln(w, "Problems:")
		for _, p := range in.Problems {
			id := p.ID
			if id == "" {
				id = "?"
			}
			fmt.Fprintf(w, "  %-6s [%s] %s\n", id, p.Rule, p.Message)
		}
	}
}

func printFields(w io.Writer, fs []inspectField, indent string) {
	for _, f := range fs {
		if len(f.Fields) > 0 {
			fmt.Fprintf(w, "%s%s %s\n", indent, f.ID, f.Name)
			printFields(w, f.Fields, indent+"   ")
			continue
		}
		fmt.Fprintf(w, "%s%s %s: %s\n", indent, f.ID, f.Name, f.Value)
	}
}

func barcodeRender(args []string, stdout, stderr io.Writer) int {
	fail := failer{stderr, "barcode render"}
	fs := flag.NewFlagSet("barcode render", flag.ContinueOnError)
	fs.SetOutput(stderr)
	payload := fs.String("payload", "", "the text to encode (required)")
	outPath := fs.String("o", "", "the PNG file to write (required)")
	modulePx := fs.Int("module-px", qrimage.DefaultModulePx, "pixels per module, 1..100")
	quiet := fs.Int("quiet-zone", qrimage.DefaultQuietZone, "white border in modules on each side, 0..100 (ISO/IEC 18004 asks for at least 4)")
	level := fs.String("level", "M", "error correction level: L, M, Q or H")
	fs.Usage = func() { barcodeUsage(stderr); fmt.Fprintln(stderr, "\nFlags:"); fs.PrintDefaults() }
	if code, done := parseFlags(fs, args, exitUsage); done {
		return code
	}
	if fs.NArg() > 0 {
		return fail.usage("unexpected argument %q; the payload goes in --payload", fs.Arg(0))
	}
	if *payload == "" || *outPath == "" {
		return fail.usage("--payload and -o are both required")
	}
	opts := qrimage.Options{ModulePx: *modulePx, QuietZone: *quiet}
	if *modulePx == 0 {
		return fail.usage("--module-px must be at least 1")
	}
	if *quiet == 0 {
		opts.QuietZone = qrimage.NoQuietZone
	} else if *quiet < 0 {
		return fail.usage("--quiet-zone %d: must be 0 or more", *quiet)
	}
	switch strings.ToUpper(*level) {
	case "L":
		opts.Level = qrimage.LevelL
	case "M":
		opts.Level = qrimage.LevelM
	case "Q":
		opts.Level = qrimage.LevelQ
	case "H":
		opts.Level = qrimage.LevelH
	default:
		return fail.usage("--level %q: accepted values are L, M, Q and H", *level)
	}
	png, err := qrimage.Render(*payload, opts)
	if err != nil {
		return fail.usage("%v", err)
	}
	if err := os.WriteFile(*outPath, png, 0o644); err != nil {
		return fail.usage("cannot write %s: %v", *outPath, err)
	}
	// A harness renders broken codes on purpose, so an invalid payload is
	// drawn all the same; the warning keeps it from passing unnoticed.
	if rep := emv.Validate(*payload); !rep.Valid {
		fmt.Fprintf(stderr, "hutong barcode render: warning: the payload is not a valid EMV code (%d problem(s)); run 'hutong barcode inspect' for details\n", len(rep.Problems))
	}
	fmt.Fprintf(stdout, "wrote %s (%d bytes)\n", *outPath, len(png))
	return exitOK
}
