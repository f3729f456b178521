package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/hutong-interop/hutong/reports/certificate"
)

func verify(args []string, stdout, stderr io.Writer) int {
	fail := failer{stderr, "verify"}
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	pubPath := fs.String("pub", "", "the signer's public key (the .pub file of 'hutong keygen')")
	featDir := fs.String("features", "", "also check that the feature files in this directory are the requirement text the certificate was made against")
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: hutong verify CERTIFICATE.json --pub KEY.pub [--features DIR]

Check that a certificate was signed with the private key of KEY.pub and not
changed since: the signature covers the canonical JSON of the whole
certificate without its "signature" member (members sorted, no white space),
so any change to a value or an added member is caught. With --features, also
check that the requirement text is the same as when it was certified: every
feature file's SHA-256 is recomputed, and each file changed, added or removed
since is named. The text is checked in the certificate's language: DIR is
the feature directory (for a zh-CN certificate, its zh-CN/ is checked) or
that language's directory itself.

Exit codes: 0 valid, 1 not valid, 2 usage error (including unreadable files).

Flags:
`)
		fs.PrintDefaults()
	}
	// Accept the certificate before or after the flags.
	var files []string
	for len(args) > 0 {
		if code, done := parseFlags(fs, args, exitUsage); done {
			return code
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(files) != 1 || *pubPath == "" {
		return fail.usage("give one certificate file and --pub KEY, e.g. 'hutong verify hutong-report/certificate.json --pub signing.pub'")
	}
	keyPEM, err := os.ReadFile(*pubPath)
	if err != nil {
		return fail.usage("%v", err)
	}
	pub, err := certificate.ParsePublicKey(keyPEM)
	if err != nil {
		return fail.usage("%s: %v", *pubPath, err)
	}
	if *featDir != "" {
		if st, err := os.Stat(*featDir); err != nil || !st.IsDir() {
			return fail.usage("--features %s: not a directory", *featDir)
		}
	}
	doc, err := os.ReadFile(files[0])
	if err != nil {
		return fail.usage("%v", err)
	}
	verifyDoc := certificate.Verify
	if certificate.IsEnvelope(doc) {
		verifyDoc = certificate.VerifyEnvelope
	}
	c, err := verifyDoc(doc, pub)
	if err != nil {
		fmt.Fprintf(stdout, "INVALID: %s: %v\n", files[0], err)
		return exitNotCertified
	}
	evidence, checked := evidenceBeside(files[0], c)
	if checked {
		if err := c.CheckEvidence(evidence); err != nil {
			fmt.Fprintf(stdout, "INVALID: the evidence beside %s is not the evidence it certifies:\n", files[0])
			for _, r := range err.(*certificate.Invalid).Reasons {
				fmt.Fprintf(stdout, "  - %s\n", r)
			}
			return exitNotCertified
		}
	}
	if *featDir != "" {
		if err := c.CheckFeatures(os.DirFS(*featDir)); err != nil {
			if certificate.IsInvalid(err) {
				fmt.Fprintf(stdout, "INVALID: the requirement text in %s is not the text %s was certified against:\n", *featDir, files[0])
				for _, r := range err.(*certificate.Invalid).Reasons {
					fmt.Fprintf(stdout, "  - %s\n", r)
				}
				return exitNotCertified
			}
			return fail.usage("--features %s: %v", *featDir, err)
		}
	}
	fmt.Fprintf(stdout, "VALID: %s is signed by the key in %s and unchanged.\n", files[0], *pubPath)
	if *featDir != "" {
		fmt.Fprintf(stdout, "The feature files in %s are the requirement text it was certified against (%s, sha256:%s).\n", *featDir, textLang(c.RequirementSet.Lang), c.RequirementSet.SHA256)
	} else {
		fmt.Fprintf(stdout, "The requirement text was NOT checked: give --features DIR to check that it is the text certified against (sha256:%s).\n", c.RequirementSet.SHA256)
	}
	switch {
	case checked:
		fmt.Fprintf(stdout, "The evidence beside it (%d files) is the evidence it certifies.\n", len(c.Evidence))
	case len(c.Evidence) > 0:
		fmt.Fprintf(stdout, "The evidence bundle was NOT checked: none of its %d files is beside the certificate.\n", len(c.Evidence))
	}
	fmt.Fprintf(stdout, "Implementation: %s %s   Roles: %s   Certified: %v\n", c.Implementation.Name, c.Implementation.Version, strings.Join(c.RolesTested, ", "), c.Certified)
	if !c.Certified {
		fmt.Fprintf(stdout, "It certifies NOT compliant: %s\n", strings.Join(c.NotCertifiedBecause, "; "))
	}
	return exitOK
}

// textLang names the language of a certificate's requirement text.
func textLang(lang string) string {
	if lang == "" || lang == "en" {
		return "the English text"
	}
	return "the " + lang + " text"
}

// evidenceBeside reads the evidence files c binds from the certificate's
// directory. checked is false when none of them is there (a certificate
// copied alone): that is said, not judged. When some are, every one must be.
func evidenceBeside(certPath string, c *certificate.Certificate) (map[string][]byte, bool) {
	dir := filepath.Dir(certPath)
	out := map[string][]byte{}
	for _, f := range c.Evidence {
		if strings.ContainsAny(f.Path, "/\\") || f.Path == ".." {
			continue // a certificate names files beside it, nothing else
		}
		if b, err := os.ReadFile(filepath.Join(dir, f.Path)); err == nil {
			out[f.Path] = b
		}
	}
	return out, len(out) > 0
}
