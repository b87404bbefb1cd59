package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/signal"
	"runtime"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/rules"
)

// exitServeFailed is the exit code of serve when the server fails (it
// cannot listen, or requests outlive the shutdown timeout). A clean stop
// exits 0; usage and rule errors exit 2, as for check.
const exitServeFailed = 1

// serveOptions are the settings of `copydesk serve`.
type serveOptions struct {
	addr            string
	configPath      string
	extraRules      []string
	tokenFile       string
	insecureListen  bool
	failOn          rules.Severity
	maxBody         int64
	concurrency     int // checks that run at once
	queue           int // requests that may wait for a check slot
	readTimeout     time.Duration
	writeTimeout    time.Duration
	shutdownTimeout time.Duration
}

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
			&cli.IntFlag{Name: "queue", Value: -1, DefaultText: "4 × --concurrency", Usage: "requests that may wait for a check; more get 503"},
			&cli.DurationFlag{Name: "read-timeout", Value: 30 * time.Second, Usage: "time to read a request, body included"},
			&cli.DurationFlag{Name: "write-timeout", Value: 60 * time.Second, Usage: "time from the end of the request headers to the end of the response"},
			&cli.DurationFlag{Name: "shutdown-timeout", Value: 30 * time.Second, Usage: "on SIGTERM/SIGINT, time to let requests in flight finish"},
			&cli.StringFlag{Name: "log-format", Value: "json", Usage: "log format on stderr: json or text"},
		},
		Action: e.serve,
	}
}

// parseServeOptions reads and checks the serve flags.
func parseServeOptions(c *cli.Context) (serveOptions, error) {
	o := serveOptions{
		addr:            c.String("addr"),
		configPath:      c.String("config"),
		extraRules:      c.StringSlice("rules"),
		tokenFile:       c.String("token-file"),
		insecureListen:  c.Bool("insecure-listen"),
		concurrency:     c.Int("concurrency"),
		queue:           c.Int("queue"),
		readTimeout:     c.Duration("read-timeout"),
		writeTimeout:    c.Duration("write-timeout"),
		shutdownTimeout: c.Duration("shutdown-timeout"),
	}
	var err error
	if o.failOn, err = parseFailOn(c.String("fail-on")); err != nil {
		return o, err
	}
	if c.NArg() > 0 {
		return o, usageErrorf("serve takes no arguments (got %q)", c.Args().First())
	}
	if o.maxBody, err = parseSize(c.String("max-body")); err != nil || o.maxBody < 1 {
		return o, usageErrorf("--max-body %s: expected a size of at least 1 byte, such as 10MB or 500000", c.String("max-body"))
	}
	if o.concurrency < 1 {
		return o, usageErrorf("--concurrency %d: must be at least 1", o.concurrency)
	}
	if o.queue < 0 {
		o.queue = 4 * o.concurrency
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"read-timeout", o.readTimeout}, {"write-timeout", o.writeTimeout}, {"shutdown-timeout", o.shutdownTimeout}} {
		if d.v <= 0 {
			return o, usageErrorf("--%s %s: must be positive", d.name, d.v)
		}
	}
	loopback, err := isLoopback(o.addr)
	if err != nil {
		return o, usageErrorf("--addr %s: %v", o.addr, err)
	}
	if !loopback && o.tokenFile == "" && !o.insecureListen {
		return o, usageErrorf("--addr %s is not a loopback address: give --token-file to require a bearer token, or --insecure-listen to serve anyone who can connect", o.addr)
	}
	return o, nil
}

// isLoopback reports whether a listen address only accepts connections
// from this machine. An empty host (all interfaces) or a host name other
// than localhost is not loopback.
func isLoopback(addr string) (bool, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false, errors.New("expected host:port, e.g. 127.0.0.1:8080")
	}
	if host == "localhost" {
		return true, nil
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return false, nil
	}
	return ip.IsLoopback(), nil
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
	log, err := newLogger(e.stderr, c.String("log-format"))
	if err != nil {
		return err
	}
	s, err := newServer(e, o, log)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return &exitError{code: exitServeFailed, err: fmt.Errorf("serve: %w", err)}
	}

	// SIGTERM and SIGINT stop the server; after the first, the default
	// action is restored, so a second Ctrl-C ends the process at once.
	ctx, stop := signal.NotifyContext(c.Context, syscall.SIGTERM, os.Interrupt)
	defer stop()
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	go func() {
		<-ctx.Done()
		stop()
	}()
	if err := s.run(ctx, ln, hup); err != nil {
		return &exitError{code: exitServeFailed, err: fmt.Errorf("serve: %w", err)}
	}
	return nil
}

// ruleState is what a reload replaces at once: the rules, and when they
// were loaded.
type ruleState struct {
	l        *loaded
	loadedAt time.Time
}

// server is the HTTP service: rules and token that reloads swap
// atomically, the concurrency limit and the metrics.
type server struct {
	env     *env
	opts    serveOptions
	log     *slog.Logger
	metrics *serveMetrics
	rules   atomic.Pointer[ruleState]
	token   atomic.Pointer[[]byte] // nil: no authentication
	admit   chan struct{}          // requests admitted to /v1/check: running or waiting
	work    chan struct{}          // checks running
	version string

	// checkDoc checks one document: (*loaded).checkSource, which tests
	// may replace.
	checkDoc func(l *loaded, in input, src []byte, jurisdictions []string) (report.File, *report.InputError)
}

// newServer loads the rules and the token. Problems with either are
// printed like those of check and end the command with exit code 2.
func newServer(e *env, o serveOptions, log *slog.Logger) (*server, error) {
	s := &server{
		env:      e,
		opts:     o,
		log:      log,
		metrics:  newServeMetrics(),
		admit:    make(chan struct{}, o.concurrency+o.queue),
		work:     make(chan struct{}, o.concurrency),
		version:  toolVersion(),
		checkDoc: (*loaded).checkSource,
	}
	l, err := e.load(o.configPath, append([]string(nil), o.extraRules...))
	if err != nil {
		return nil, err
	}
	s.setRules(l)
	if o.tokenFile != "" {
		tok, err := readToken(e.abs(o.tokenFile))
		if err != nil {
			return nil, usageErrorf("--token-file %v", err)
		}
		s.token.Store(&tok)
	}
	return s, nil
}

func (s *server) setRules(l *loaded) {
	now := time.Now()
	s.rules.Store(&ruleState{l: l, loadedAt: now})
	s.metrics.loaded(true, len(l.set.Rules), now)
}

// readToken reads a bearer token file: its content without surrounding
// white space, which must not be empty.
func readToken(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %s", path, ioMessage(err))
	}
	tok := bytes.TrimSpace(data)
	if len(tok) == 0 {
		return nil, fmt.Errorf("%s: the file is empty", path)
	}
	return tok, nil
}

// reload loads the rules (and the token file) again. On any error the
// server keeps what it has, logs the problem and returns it.
func (s *server) reload() error {
	quiet := *s.env
	quiet.stderr = io.Discard // load prints errors; here they are logged
	l, err := quiet.load(s.opts.configPath, append([]string(nil), s.opts.extraRules...))
	var tok []byte
	if err == nil && s.opts.tokenFile != "" {
		tok, err = readToken(s.env.abs(s.opts.tokenFile))
		if err != nil {
			err = fmt.Errorf("--token-file %w", err)
		}
	}
	if err != nil {
		s.metrics.loaded(false, 0, time.Time{})
		var list rules.ErrorList
		msgs := []string{err.Error()}
		if errors.As(err, &list) {
			msgs = msgs[:0]
			for _, x := range list {
				msgs = append(msgs, s.env.relError(x))
			}
		}
		s.log.Error("reload failed; the previous rules stay in use", "errors", msgs)
		return err
	}
	s.setRules(l)
	if tok != nil {
		s.token.Store(&tok)
	}
	s.log.Info("rules reloaded", "rules", len(l.set.Rules))
	return nil
}

// httpServer is the http.Server of the service, with its timeouts.
func (s *server) httpServer() *http.Server {
	return &http.Server{
		Handler:           s.handler(),
		ReadHeaderTimeout: min(10*time.Second, s.opts.readTimeout),
		ReadTimeout:       s.opts.readTimeout,
		WriteTimeout:      s.opts.writeTimeout,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}

// run serves on ln until ctx is done, then shuts down gracefully: it stops
// accepting, lets the requests in flight finish (up to the shutdown
// timeout) and returns. A value on reload reloads the rules.
func (s *server) run(ctx context.Context, ln net.Listener, reload <-chan os.Signal) error {
	srv := s.httpServer()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	s.log.Info("listening", "addr", ln.Addr().String(), "version", s.version,
		"rules", len(s.rules.Load().l.set.Rules), "auth", s.token.Load() != nil)
	for {
		select {
		case err := <-served:
			return err
		case <-reload:
			_ = s.reload() // logged; the old rules stay
		case <-ctx.Done():
			s.log.Info("shutting down", "timeout", s.opts.shutdownTimeout.String())
			sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.opts.shutdownTimeout)
			err := srv.Shutdown(sctx)
			cancel()
			if err != nil {
				srv.Close()
				return fmt.Errorf("requests still running after %s: %w", s.opts.shutdownTimeout, err)
			}
			if err := <-served; !errors.Is(err, http.ErrServerClosed) {
				return err
			}
			s.log.Info("stopped")
			return nil
		}
	}
}
