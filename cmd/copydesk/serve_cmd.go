package main

import (
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/copydesk/copydesk/lint"
	"github.com/copydesk/copydesk/serve"
)

func (e *env) serveCommand() *cli.Command {
	return &cli.Command{
		Name:  "serve",
		Usage: "serve checks over HTTP, for CMS pre-publish hooks",
		Description: "POST /v1/check takes an article (text/html, or JSON {\"html\", \"path\", \"jurisdictions\"})\n" +
			"and answers the JSON report (or SARIF with ?format=sarif), status 200 whether it passes or not.\n" +
			"GET /v1/rules, /healthz and /metrics (Prometheus). SIGHUP reloads the rules and the token;\n" +
			"SIGTERM or SIGINT stops after the requests in flight.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "addr", Value: "127.0.0.1:8080", Usage: "address to listen on, host:port"},
			&cli.StringFlag{Name: "config", Usage: "config file (default: .copydesk.yml found walking up from here)"},
			&cli.StringSliceFlag{Name: "rules", Usage: "add a rule file (repeatable)"},
			&cli.StringFlag{Name: "token-file", Usage: "require `FILE`'s content as a bearer token on /v1/ and /metrics"},
			&cli.BoolFlag{Name: "insecure-listen", Usage: "allow a non-loopback --addr without --token-file"},
			&cli.StringFlag{Name: "fail-on", Value: "error", Usage: "default lowest severity that fails a check (request: ?fail_on=)"},
			&cli.StringFlag{Name: "max-body", Value: "10MiB", Usage: "largest request body, e.g. 10MB or 500000 (bytes); larger ones get 413"},
			&cli.IntFlag{Name: "concurrency", Value: runtime.GOMAXPROCS(0), DefaultText: "number of CPUs", Usage: "checks that run at once"},
			&cli.IntFlag{Name: "queue", Value: -1, DefaultText: "as many as fit in half the memory with bodies of --max-body; see docs/serve.md", Usage: "requests that may wait for a check; more get 503"},
			&cli.DurationFlag{Name: "read-timeout", Value: 30 * time.Second, Usage: "time to read a request, body included"},
			&cli.DurationFlag{Name: "write-timeout", Value: 60 * time.Second, Usage: "time from the end of the request headers to the end of the response"},
			&cli.DurationFlag{Name: "shutdown-timeout", Value: 30 * time.Second, Usage: "on SIGTERM/SIGINT, time to let requests in flight finish"},
			&cli.StringFlag{Name: "log-format", Value: "json", Usage: "log format on stderr: json or text"},
		},
		Action: e.serve,
	}
}

// parseServeOptions reads and checks the serve flags.
func parseServeOptions(c *cli.Context) (serve.Options, error) {
	o := serve.Options{
		Addr:            c.String("addr"),
		Config:          c.String("config"),
		Rules:           c.StringSlice("rules"),
		TokenFile:       c.String("token-file"),
		InsecureListen:  c.Bool("insecure-listen"),
		Concurrency:     c.Int("concurrency"),
		Queue:           c.Int("queue"),
		ReadTimeout:     c.Duration("read-timeout"),
		WriteTimeout:    c.Duration("write-timeout"),
		ShutdownTimeout: c.Duration("shutdown-timeout"),
		Tool:            tool(),
	}
	var err error
	if o.FailOn, err = parseFailOn(c.String("fail-on")); err != nil {
		return o, err
	}
	if c.NArg() > 0 {
		return o, usageErrorf("serve takes no arguments (got %q)", c.Args().First())
	}
	if o.MaxBody, err = lint.ParseSize(c.String("max-body")); err != nil || o.MaxBody < 1 {
		return o, usageErrorf("--max-body %s: expected a size of at least 1 byte, such as 10MB or 500000", c.String("max-body"))
	}
	err = o.Validate() // fills in the default queue
	return o, err
}

// newLogger returns the structured logger of the service.
func newLogger(w io.Writer, format string) (*slog.Logger, error) {
	switch format {
	case "json":
		return slog.New(slog.NewJSONHandler(w, nil)), nil
	case "text":
		return slog.New(slog.NewTextHandler(w, nil)), nil
	}
	return nil, usageErrorf("--log-format %s: expected json or text", format)
}

func (e *env) serve(c *cli.Context) error {
	o, err := parseServeOptions(c)
	if err != nil {
		return err
	}
	log, err := newLogger(e.Stderr, c.String("log-format"))
	if err != nil {
		return err
	}
	s, err := serve.New(&e.Env, o, log)
	if err != nil {
		return err
	}
	if err := s.ListenAndServe(c.Context); err != nil {
		return &lint.ExitError{Code: exitServeFailed, Err: fmt.Errorf("serve: %w", err)}
	}
	return nil
}
