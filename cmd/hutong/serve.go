package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/hutong-interop/hutong/reference"
)

func serve(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serveContext(ctx, args, stdout, stderr)
}

// serveContext serves until ctx ends, then shuts down gracefully: requests in
// flight finish, new ones are refused.
func serveContext(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
			serveUsage(stderr, nil)
			return exitOK
		}
		fmt.Fprintln(stderr, "hutong serve: say what to serve; the only choice is 'reference'")
		serveUsage(stderr, nil)
		return exitUsage
	}
	if args[0] != "reference" {
		return failer{stderr, "serve"}.usage("unknown thing to serve %q; the only choice is 'reference'", args[0])
	}
	fail := failer{stderr, "serve reference"}
	fs := flag.NewFlagSet("serve reference", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:8080", "address to listen on, HOST:PORT (port 0 picks a free one)")
	violate := fs.String("violate", "", "comma-separated violation switches to turn on (see 'hutong violations')")
	vary := fs.String("vary", "", "comma-separated honest variants to turn on (see 'hutong violations'); the reference still complies")
	timeout := fs.Duration("timeout", 10*time.Second, "limit for each request the reference makes to other parties")
	fs.Usage = func() { serveUsage(stderr, fs) }
	if code, done := parseFlags(fs, args[1:], exitUsage); done {
		return code
	}
	if fs.NArg() > 0 {
		return fail.usage("unexpected argument %q", fs.Arg(0))
	}
	violations, variants := splitList(*violate), splitList(*vary)
	ref, err := reference.New(reference.Options{Client: reference.NewClient(*timeout), Violations: violations, Variants: variants})
	if err != nil {
		return fail.usage("%v", err)
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return fail.usage("--listen %q: %v", *listen, err)
	}
	srv := &http.Server{Handler: ref, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	what := "the compliant reference"
	if len(violations) > 0 {
		what = "the reference with violation switches " + strings.Join(violations, ", ")
	}
	if len(variants) > 0 {
		what += " with honest variants " + strings.Join(variants, ", ")
	}
	fmt.Fprintf(stdout, "hutong %s: serving %s\nITI: http://%s/iti/v1\n", "serve", what, displayAddr(ln.Addr()))
	select {
	case err := <-errc:
		return fail.exit(exitUntestable, "%v", err)
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		srv.Close()
	}
	<-errc
	fmt.Fprintln(stdout, "hutong serve: stopped")
	return exitOK
}

// displayAddr is the listener's address as a client on this machine dials it.
func displayAddr(a net.Addr) string {
	ta, ok := a.(*net.TCPAddr)
	if !ok || !ta.IP.IsUnspecified() {
		return a.String()
	}
	return net.JoinHostPort("127.0.0.1", fmt.Sprint(ta.Port))
}

func serveUsage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprint(w, `Usage: hutong serve reference [flags]

Serve the reference implementation over HTTP until interrupted (Ctrl-C or
SIGTERM), for demos and for trying black-box certification:

  hutong serve reference --listen 127.0.0.1:8080 &
  hutong certify --target http://127.0.0.1:8080/iti/v1

Sessions opened with a network fixture reach the harness's mock parties
through the proxy it names.
`)
	if fs != nil {
		fmt.Fprintln(w, "\nFlags:")
		fs.PrintDefaults()
	}
}
