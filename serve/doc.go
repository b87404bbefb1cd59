// Package serve is copydesk's HTTP service, for CMS pre-publish hooks:
// POST /v1/check checks one article and answers its JSON or SARIF report;
// GET /v1/rules lists the enabled rules, /healthz says the service is up
// and /metrics gives Prometheus metrics. Rules are loaded with package
// lint and reloaded on SIGHUP; a concurrency limit and a bounded queue
// keep load in check. docs/serve.md describes the API.
//
// The serve command of cmd/copydesk reads its flags into Options (whose
// fields mirror them, and whose errors name them) and runs a Server.
package serve
