package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	"github.com/copydesk/copydesk/internal/testdiff"
	"github.com/copydesk/copydesk/lint"
)

// k8sObjects decodes every manifest of deploy/kubernetes strictly into
// the Kubernetes API types: an unknown or misspelt field, a value of the
// wrong type or a kind the test does not know fails.
func k8sObjects(t *testing.T) (jobs map[string]*batchv1.Job, claims map[string]*corev1.PersistentVolumeClaim) {
	t.Helper()
	jobs, claims = map[string]*batchv1.Job{}, map[string]*corev1.PersistentVolumeClaim{}
	files, _ := filepath.Glob("deploy/kubernetes/*.yaml")
	if len(files) == 0 {
		t.Fatal("no manifests in deploy/kubernetes")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, doc := range regexp.MustCompile(`(?m)^---\s*$`).Split(string(data), -1) {
			if strings.TrimSpace(doc) == "" {
				continue
			}
			var meta struct {
				APIVersion string `json:"apiVersion"`
				Kind       string `json:"kind"`
			}
			if err := yaml.Unmarshal([]byte(doc), &meta); err != nil {
				t.Fatalf("%s, document %d: %v", f, i+1, err)
			}
			switch meta.APIVersion + " " + meta.Kind {
			case "batch/v1 Job":
				var j batchv1.Job
				if err := yaml.UnmarshalStrict([]byte(doc), &j); err != nil {
					t.Fatalf("%s: %v", f, err)
				}
				jobs[j.Name] = &j
			case "v1 PersistentVolumeClaim":
				var c corev1.PersistentVolumeClaim
				if err := yaml.UnmarshalStrict([]byte(doc), &c); err != nil {
					t.Fatalf("%s: %v", f, err)
				}
				claims[c.Name] = &c
			default:
				t.Fatalf("%s, document %d: %s %s is not a kind this test checks", f, i+1, meta.APIVersion, meta.Kind)
			}
		}
	}
	return jobs, claims
}

// container returns the copydesk container of a Job, with its env.
func container(t *testing.T, j *batchv1.Job) (*corev1.Container, map[string]corev1.EnvVar) {
	t.Helper()
	spec := &j.Spec.Template.Spec
	if len(spec.Containers) != 1 || spec.Containers[0].Name != "copydesk" || spec.RestartPolicy != corev1.RestartPolicyNever {
		t.Fatalf("job %s: want one container named copydesk and restartPolicy Never", j.Name)
	}
	env := map[string]corev1.EnvVar{}
	for _, e := range spec.Containers[0].Env {
		env[e.Name] = e
	}
	return &spec.Containers[0], env
}

// mounts maps each mount path of a Job's container to its claim.
func mounts(t *testing.T, j *batchv1.Job) map[string]string {
	t.Helper()
	claims := map[string]string{}
	for _, v := range j.Spec.Template.Spec.Volumes {
		if v.PersistentVolumeClaim == nil {
			t.Fatalf("job %s: volume %s is not a claim", j.Name, v.Name)
		}
		claims[v.Name] = v.PersistentVolumeClaim.ClaimName
	}
	out := map[string]string{}
	for _, m := range j.Spec.Template.Spec.Containers[0].VolumeMounts {
		out[m.MountPath] = claims[m.Name]
	}
	return out
}

// TestKubernetesManifests decodes the manifests into the Kubernetes API
// types, checks how the shards are wired (an Indexed Job whose
// completions, parallelism and COPYDESK_SHARDS agree, each pod's index
// in its report's name, the merge reading the volume the shards write),
// and then runs each pod's command line as the manifests give it, in
// directories standing for the volumes: the merge's report is that of a
// single run over the listing.
func TestKubernetesManifests(t *testing.T) {
	inRoot(t)
	jobs, claims := k8sObjects(t)
	shards, merge := jobs["copydesk-shards"], jobs["copydesk-merge"]
	if shards == nil || merge == nil {
		t.Fatalf("jobs %v: want copydesk-shards and copydesk-merge", jobs)
	}
	s := &shards.Spec
	if s.CompletionMode == nil || *s.CompletionMode != batchv1.IndexedCompletion || s.Completions == nil || s.Parallelism == nil {
		t.Fatal("copydesk-shards is not an Indexed Job with completions and parallelism")
	}
	n := int(*s.Completions)
	c, env := container(t, shards)
	if *s.Parallelism != *s.Completions || env[lint.EnvShardCount].Value != strconv.Itoa(n) {
		t.Errorf("completions %d, parallelism %d, %s=%q: want them all the same", n, *s.Parallelism, lint.EnvShardCount, env[lint.EnvShardCount].Value)
	}
	idx := env[lint.EnvJobIndex]
	if idx.ValueFrom == nil || idx.ValueFrom.FieldRef == nil || idx.ValueFrom.FieldRef.FieldPath != "metadata.annotations['batch.kubernetes.io/job-completion-index']" {
		t.Errorf("%s is not the completion index annotation: %+v", lint.EnvJobIndex, idx)
	}
	args := strings.Join(c.Args, " ")
	if !strings.Contains(args, "$("+lint.EnvJobIndex+")") || !strings.Contains(args, "--exit-zero") || strings.Contains(args, "--shard") {
		t.Errorf("shard args %q: want a report named by $(%s), --exit-zero, and the shard from the environment", args, lint.EnvJobIndex)
	}
	mc, _ := container(t, merge)
	if mc.Image != c.Image {
		t.Errorf("the merge runs %s, the shards %s: one version of copydesk must write and merge the reports", mc.Image, c.Image)
	}
	sm, mm := mounts(t, shards), mounts(t, merge)
	reports := ""
	for path, claim := range mm {
		if claim == "copydesk-reports" {
			reports = path
		}
	}
	if reports == "" || sm[reports] != "copydesk-reports" || claims["copydesk-reports"] == nil {
		t.Fatalf("the merge reads %q, the shards mount %v: want both on claim copydesk-reports, defined in reports-pvc.yaml", reports, sm)
	}
	if m := claims["copydesk-reports"].Spec.AccessModes; len(m) != 1 || m[0] != corev1.ReadWriteMany {
		t.Errorf("copydesk-reports: access modes %v, want ReadWriteMany (the shards write at once)", m)
	}

	// Each pod's command line, run here: directories stand for the
	// volumes, and the archive holds the test articles and a listing.
	root := t.TempDir()
	local := func(p string) string {
		for mount := range sm {
			p = strings.ReplaceAll(p, mount, filepath.Join(root, filepath.Base(mount)))
		}
		return p
	}
	for mount := range sm {
		if err := os.MkdirAll(local(mount), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	archive := local(c.WorkingDir)
	files, _ := filepath.Glob("testdata/articles/*.html")
	var listing []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Join("site", filepath.Base(f))
		listing = append(listing, name)
		if err := os.MkdirAll(filepath.Join(archive, "site"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(archive, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(archive, "listing.txt"), []byte(strings.Join(listing, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	expand := func(arg string, env map[string]string) string {
		return regexp.MustCompile(`\$\(([A-Za-z_][A-Za-z0-9_]*)\)`).ReplaceAllStringFunc(arg, func(m string) string {
			if v, ok := env[m[2:len(m)-1]]; ok {
				return v
			}
			return m
		})
	}
	for i := range n {
		vars := map[string]string{lint.EnvShardCount: env[lint.EnvShardCount].Value, lint.EnvJobIndex: strconv.Itoa(i)}
		for k, v := range vars {
			t.Setenv(k, v)
		}
		var cmd []string
		for _, a := range append(c.Command[1:], c.Args...) {
			cmd = append(cmd, local(expand(a, vars)))
		}
		t.Chdir(archive)
		if code, _, errOut := copydesk(t, "", cmd...); code != 0 {
			t.Fatalf("pod %d: copydesk %q: exit %d: %s", i, cmd, code, errOut)
		}
	}
	t.Setenv(lint.EnvShardCount, "")
	t.Setenv(lint.EnvJobIndex, "")
	if m, _ := filepath.Glob(filepath.Join(local(reports), "shard-*.json")); len(m) != n {
		t.Fatalf("the pods wrote %d reports, want %d", len(m), n)
	}
	var cmd []string
	for _, a := range append(mc.Command[1:], mc.Args...) {
		cmd = append(cmd, local(a))
	}
	t.Chdir(local(mc.WorkingDir))
	code, out, errOut := copydesk(t, "", cmd...)
	t.Chdir(archive)
	single := filepath.Join(root, "single.json")
	wantCode, _, _ := copydesk(t, "", "check", "--files-from=listing.txt", "-f", "json="+single)
	if code != wantCode || !strings.Contains(out, "in "+strconv.Itoa(len(files))+" files") {
		t.Errorf("the merge: exit %d (want %d, the single run's), stdout %q, stderr %s", code, wantCode, out, errOut)
	}
	want, _ := os.ReadFile(single)
	got, err := os.ReadFile(filepath.Join(local(reports), "audit.json"))
	if err != nil || !bytes.Equal(want, got) {
		t.Errorf("the merged audit.json differs from a single run's report (%v):\n%s", err, testdiff.FirstLine(string(want), string(got)))
	}
}

// TestWorkflowExample checks the GitHub Actions matrix of docs/shards.md:
// its shard count matches its matrix, and actionlint (when installed;
// .ci/run installs it) finds nothing wrong with it.
func TestWorkflowExample(t *testing.T) {
	inRoot(t)
	data, err := os.ReadFile("docs/shards.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(data), "<!-- workflow example")
	_, rest, ok1 := strings.Cut(rest, "```yml\n")
	ok = ok && ok1
	workflow, _, ok2 := strings.Cut(rest, "\n```\n")
	if !ok || !ok2 {
		t.Fatal("docs/shards.md has no workflow example after <!-- workflow example -->")
	}
	var wf struct {
		Jobs map[string]struct {
			Strategy struct {
				Matrix struct {
					Shard []int `json:"shard"`
				} `json:"matrix"`
			} `json:"strategy"`
		} `json:"jobs"`
	}
	if err := yaml.Unmarshal([]byte(workflow), &wf); err != nil {
		t.Fatal(err)
	}
	shards := wf.Jobs["shard"].Strategy.Matrix.Shard
	if want := "--shard ${{ matrix.shard }}/" + strconv.Itoa(len(shards)); len(shards) < 2 || !strings.Contains(workflow, want) {
		t.Errorf("the matrix has shards %v; the workflow must check %q", shards, want)
	}
	for i, k := range shards {
		if k != i+1 {
			t.Errorf("matrix shards %v: want 1 to %d", shards, len(shards))
			break
		}
	}
	bin, err := exec.LookPath("actionlint")
	if err != nil {
		t.Skip("actionlint is not installed (go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.12)")
	}
	dir := filepath.Join(t.TempDir(), ".github", "workflows")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "audit.yml")
	if err := os.WriteFile(path, []byte(workflow+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-no-color", path)
	cmd.Dir = filepath.Dir(filepath.Dir(dir))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("actionlint on the workflow of docs/shards.md: %v\n%s", err, out)
	}
}
