package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/hutong-interop/hutong/reports/certificate"
)

func keygen(args []string, stdout, stderr io.Writer) int {
	fail := failer{stderr, "keygen"}
	fs := flag.NewFlagSet("keygen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "write the key pair to PREFIX.key (private, mode 0600) and PREFIX.pub (public)")
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: hutong keygen --out PREFIX

Make an Ed25519 key pair for signing certificates:
  PREFIX.key  the private key, PEM (PKCS #8 "PRIVATE KEY"), readable only by you;
              give it to 'hutong certify --sign-key PREFIX.key'
  PREFIX.pub  the public key, PEM (PKIX "PUBLIC KEY"); hand it to whoever
              checks your certificates with 'hutong verify --pub PREFIX.pub'
Both are standard containers that openssl reads too. Existing files are never
overwritten.

Flags:
`)
		fs.PrintDefaults()
	}
	if code, done := parseFlags(fs, args, exitUsage); done {
		return code
	}
	if *out == "" || fs.NArg() > 0 {
		return fail.usage("give --out PREFIX and nothing else, e.g. 'hutong keygen --out signing'")
	}
	priv, pub, err := certificate.GenerateKey()
	if err != nil {
		return fail.exit(exitUntestable, "%v", err)
	}
	keyPath, pubPath := *out+".key", *out+".pub"
	for _, p := range []string{keyPath, pubPath} {
		if _, err := os.Stat(p); err == nil {
			return fail.usage("%s exists; not overwriting a key (choose another --out)", p)
		}
	}
	if err := writeNew(keyPath, priv, 0o600); err != nil {
		return fail.usage("%v", err)
	}
	if err := writeNew(pubPath, pub, 0o644); err != nil {
		os.Remove(keyPath)
		return fail.usage("%v", err)
	}
	fmt.Fprintf(stdout, "private key: %s (keep it secret)\npublic key:  %s\n", keyPath, pubPath)
	return exitOK
}

func writeNew(path string, data []byte, mode os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
