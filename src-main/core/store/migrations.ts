/**
 * Versioned schema migrations. Append only: never edit a shipped migration, add a new one.
 * `PRAGMA user_version` records how many have been applied.
 */
export const migrations: readonly string[] = [
  // 1: hosts, audit, workflow runs, known host keys
  `
  CREATE TABLE hosts (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    address     TEXT NOT NULL,
    port        INTEGER NOT NULL,
    user        TEXT NOT NULL,
    auth        TEXT NOT NULL CHECK (auth IN ('agent','key','password')),
    key_path    TEXT,
    secret_ref  TEXT,
    groups_json TEXT NOT NULL DEFAULT '[]',
    tags_json   TEXT NOT NULL DEFAULT '[]',
    profile_json TEXT NOT NULL DEFAULT '{}',
    facts_json  TEXT,
    notes       TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL DEFAULT 'manual',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
  );
  CREATE TABLE audit (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      TEXT NOT NULL,
    door    TEXT NOT NULL,
    target  TEXT NOT NULL,
    action  TEXT NOT NULL,
    detail  TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('ok','failed')),
    run_id  TEXT
  );
  CREATE INDEX audit_target ON audit(target, id);
  CREATE TABLE workflow_runs (
    id          TEXT PRIMARY KEY,
    workflow    TEXT NOT NULL,
    title       TEXT NOT NULL,
    subject     TEXT NOT NULL,
    door        TEXT NOT NULL,
    params_json TEXT NOT NULL,
    status      TEXT NOT NULL,
    output_json TEXT NOT NULL DEFAULT '{}',
    error_json  TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
  );
  CREATE TABLE workflow_steps (
    run_id      TEXT NOT NULL REFERENCES workflow_runs(id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    step_id     TEXT NOT NULL,
    title       TEXT NOT NULL,
    status      TEXT NOT NULL,
    started_at  TEXT,
    finished_at TEXT,
    error_json  TEXT,
    PRIMARY KEY (run_id, idx)
  );
  CREATE TABLE workflow_logs (
    run_id  TEXT NOT NULL REFERENCES workflow_runs(id) ON DELETE CASCADE,
    seq     INTEGER NOT NULL,
    at      TEXT NOT NULL,
    step_id TEXT,
    level   TEXT NOT NULL,
    text    TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
  );
  CREATE TABLE known_hosts (
    host_pattern TEXT NOT NULL,
    port         INTEGER NOT NULL,
    key_type     TEXT NOT NULL,
    public_key   TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    added_at     TEXT NOT NULL,
    comment      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (host_pattern, port, key_type)
  );
  `,
  // 2: AWS accounts (secret keys live in the vault; only the reference is stored)
  `
  CREATE TABLE aws_accounts (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE COLLATE NOCASE,
    auth           TEXT NOT NULL CHECK (auth IN ('default-chain','profile','access-key')),
    profile        TEXT,
    access_key_id  TEXT,
    secret_ref     TEXT,
    endpoint       TEXT,
    default_region TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
  );
  `,
  // 3: per-host MySQL login (port, user, tunnel or direct; the password is a vault reference)
  `
  ALTER TABLE hosts ADD COLUMN mysql_json TEXT;
  `,
  // 4: ProxyJump per host; cluster exec history (commands and output stored redacted)
  `
  ALTER TABLE hosts ADD COLUMN proxy_jump TEXT;
  CREATE TABLE exec_runs (
    id           TEXT PRIMARY KEY,
    command      TEXT NOT NULL,
    door         TEXT NOT NULL,
    parallel     INTEGER NOT NULL,
    timeout_sec  REAL NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('running','finished','cancelled','interrupted')),
    summary_json TEXT NOT NULL,
    rerun_of     TEXT,
    created_at   TEXT NOT NULL,
    finished_at  TEXT
  );
  CREATE INDEX exec_runs_created ON exec_runs(created_at);
  CREATE TABLE exec_hosts (
    exec_id     TEXT NOT NULL REFERENCES exec_runs(id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    host_id     TEXT NOT NULL,
    host_name   TEXT NOT NULL,
    status      TEXT NOT NULL,
    exit_code   INTEGER,
    signal      TEXT,
    duration_ms INTEGER,
    stdout      TEXT NOT NULL DEFAULT '',
    stderr      TEXT NOT NULL DEFAULT '',
    truncated   INTEGER NOT NULL DEFAULT 0,
    error_json  TEXT,
    PRIMARY KEY (exec_id, idx)
  );
  `,
  // 5: workflow engine — run options, what a run waits for, its journal of changes and files left;
  // per step: attempt, typed output, last progress; fan-out children; host/cluster locks
  `
  ALTER TABLE workflow_runs ADD COLUMN options_json TEXT NOT NULL DEFAULT '{}';
  ALTER TABLE workflow_runs ADD COLUMN waiting_json TEXT;
  ALTER TABLE workflow_runs ADD COLUMN changes_json TEXT NOT NULL DEFAULT '[]';
  ALTER TABLE workflow_runs ADD COLUMN left_files_json TEXT NOT NULL DEFAULT '[]';
  ALTER TABLE workflow_steps ADD COLUMN attempt INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE workflow_steps ADD COLUMN output_json TEXT;
  ALTER TABLE workflow_steps ADD COLUMN progress_json TEXT;
  ALTER TABLE workflow_logs ADD COLUMN child_key TEXT;
  CREATE TABLE workflow_children (
    run_id        TEXT NOT NULL REFERENCES workflow_runs(id) ON DELETE CASCADE,
    step_id       TEXT NOT NULL,
    child_key     TEXT NOT NULL,
    idx           INTEGER NOT NULL,
    title         TEXT NOT NULL,
    status        TEXT NOT NULL,
    started_at    TEXT,
    finished_at   TEXT,
    error_json    TEXT,
    output_json   TEXT,
    progress_json TEXT,
    PRIMARY KEY (run_id, step_id, child_key)
  );
  CREATE TABLE workflow_locks (
    kind        TEXT NOT NULL CHECK (kind IN ('host','cluster')),
    lock_key    TEXT NOT NULL,
    label       TEXT NOT NULL,
    run_id      TEXT NOT NULL,
    acquired_at TEXT NOT NULL,
    PRIMARY KEY (kind, lock_key)
  );
  CREATE INDEX workflow_locks_run ON workflow_locks(run_id);
  `,
  // 6: one owner of the store. The core that holds the lease (one row) is the only writer; runs
  // carry the id of the core that runs them and that core's heartbeat, so only runs whose owner
  // is gone are marked interrupted (docs/architecture.md, "Processes").
  `
  CREATE TABLE core_lease (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    owner_id     TEXT NOT NULL,
    door         TEXT NOT NULL,
    pid          INTEGER NOT NULL,
    pid_start    TEXT,
    hostname     TEXT NOT NULL,
    acquired_at  INTEGER NOT NULL,
    heartbeat_at INTEGER NOT NULL
  );
  ALTER TABLE workflow_runs ADD COLUMN owner_id TEXT;
  ALTER TABLE workflow_runs ADD COLUMN owner_label TEXT;
  ALTER TABLE workflow_runs ADD COLUMN heartbeat_at INTEGER;
  `,
  // 7: where each server profile value came from (detected / set by the user) and what detection found
  `
  ALTER TABLE hosts ADD COLUMN profile_meta_json TEXT;
  `,
  // 8: MySQL clusters (failover settings) and the reports of switchovers, failovers, rejoins, drills
  `
  CREATE TABLE mysql_clusters (
    name          TEXT PRIMARY KEY COLLATE NOCASE,
    settings_json TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
  );
  CREATE TABLE mysql_failovers (
    id          TEXT PRIMARY KEY,
    cluster     TEXT NOT NULL COLLATE NOCASE,
    kind        TEXT NOT NULL CHECK (kind IN ('switchover','failover','rejoin')),
    drill       INTEGER NOT NULL DEFAULT 0,
    automatic   INTEGER NOT NULL DEFAULT 0,
    run_id      TEXT,
    old_master  TEXT NOT NULL,
    new_master  TEXT,
    status      TEXT NOT NULL,
    report_json TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT
  );
  CREATE INDEX mysql_failovers_cluster ON mysql_failovers(cluster, started_at);
  `,
  // 9: config file snapshots (content encrypted with a data key kept in the vault; blobs are
  //    shared by identical content and named by an HMAC, so equal files are stored once)
  `
  CREATE TABLE snapshot_keys (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    key_ref TEXT NOT NULL
  );
  CREATE TABLE snapshot_blobs (
    mac        TEXT PRIMARY KEY,
    iv         BLOB NOT NULL,
    tag        BLOB NOT NULL,
    ciphertext BLOB NOT NULL
  );
  CREATE TABLE file_snapshots (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    host_id   TEXT NOT NULL,
    host_name TEXT NOT NULL,
    path      TEXT NOT NULL,
    taken_at  TEXT NOT NULL,
    reason    TEXT NOT NULL CHECK (reason IN ('manual','before-save','drift','before-restore','push')),
    size      INTEGER NOT NULL,
    mac       TEXT NOT NULL REFERENCES snapshot_blobs(mac),
    note      TEXT NOT NULL DEFAULT '',
    door      TEXT NOT NULL
  );
  CREATE INDEX file_snapshots_file ON file_snapshots(host_id, path, taken_at);
  `,
  // 10: live charts and checks — metric series and their samples (raw, 1-minute and 1-hour
  // rollups), metrics settings, per-host collection settings, threshold checks with their state
  // and history, deployment check suites and reports
  `
  CREATE TABLE metric_series (
    id      INTEGER PRIMARY KEY,
    host_id TEXT NOT NULL,
    key     TEXT NOT NULL,
    UNIQUE (host_id, key)
  );
  CREATE TABLE metric_raw (
    series_id INTEGER NOT NULL,
    t         INTEGER NOT NULL,
    v         REAL NOT NULL,
    PRIMARY KEY (series_id, t)
  ) WITHOUT ROWID;
  CREATE TABLE metric_1m (
    series_id INTEGER NOT NULL,
    t         INTEGER NOT NULL,
    avg       REAL NOT NULL,
    min       REAL NOT NULL,
    max       REAL NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (series_id, t)
  ) WITHOUT ROWID;
  CREATE TABLE metric_1h (
    series_id INTEGER NOT NULL,
    t         INTEGER NOT NULL,
    avg       REAL NOT NULL,
    min       REAL NOT NULL,
    max       REAL NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (series_id, t)
  ) WITHOUT ROWID;
  CREATE TABLE metric_rollup_marks (
    resolution TEXT PRIMARY KEY,
    done_until INTEGER NOT NULL
  );
  CREATE TABLE metrics_settings (
    key        TEXT PRIMARY KEY,
    value_json TEXT NOT NULL
  );
  CREATE TABLE metrics_host_settings (
    host_id       TEXT PRIMARY KEY,
    settings_json TEXT NOT NULL
  );
  CREATE TABLE checks (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    spec_json   TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
  );
  CREATE TABLE check_states (
    check_id    TEXT NOT NULL REFERENCES checks(id) ON DELETE CASCADE,
    host_id     TEXT NOT NULL,
    state_json  TEXT NOT NULL,
    PRIMARY KEY (check_id, host_id)
  );
  CREATE TABLE check_events (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TEXT NOT NULL,
    check_id  TEXT NOT NULL,
    check_name TEXT NOT NULL,
    host      TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state  TEXT NOT NULL,
    hard      INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    notify    INTEGER NOT NULL,
    value     REAL,
    output    TEXT NOT NULL
  );
  CREATE INDEX check_events_host ON check_events(host, id);
  CREATE INDEX check_events_at ON check_events(at);
  CREATE TABLE deploy_suites (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    spec_json   TEXT NOT NULL,
    last_run_at TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
  );
  CREATE TABLE deploy_reports (
    id          TEXT PRIMARY KEY,
    suite_id    TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    report_json TEXT NOT NULL
  );
  CREATE INDEX deploy_reports_suite ON deploy_reports(suite_id, started_at);
  `,
  // 11: the backup catalog (issue 16) and backup schedules
  `
  CREATE TABLE backups (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('dump','hot','snapshot')),
    tool        TEXT NOT NULL,
    host_id     TEXT NOT NULL,
    host_name   TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('running','succeeded','failed')),
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    bytes       INTEGER NOT NULL DEFAULT 0,
    duration_ms INTEGER,
    compression TEXT NOT NULL,
    coordinates_json TEXT NOT NULL DEFAULT '{}',
    checksum    TEXT,
    destination TEXT NOT NULL,
    location    TEXT NOT NULL,
    run_id      TEXT,
    schedule_id TEXT,
    tables_json TEXT NOT NULL DEFAULT '[]',
    snapshots_json TEXT,
    lock_ms     INTEGER,
    error_json  TEXT,
    verify_json TEXT,
    restore_test_json TEXT
  );
  CREATE INDEX backups_host ON backups(host_name, started_at);
  CREATE TABLE backup_schedules (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    host_name   TEXT NOT NULL,
    kind        TEXT NOT NULL,
    destination TEXT,
    when_json   TEXT NOT NULL,
    retention_json TEXT NOT NULL,
    restore_test_on TEXT,
    runner      TEXT NOT NULL CHECK (runner IN ('opsdeck','cron')),
    enabled     INTEGER NOT NULL DEFAULT 1,
    cron_installed INTEGER NOT NULL DEFAULT 0,
    last_run_at TEXT,
    last_run_id TEXT,
    created_at  TEXT NOT NULL
  );
  `,
  // 12: a run's write counter: every write to a run adds one; a claim (moveIf) compares it, not
  // updated_at (two writes in one millisecond share an updated_at)
  `
  ALTER TABLE workflow_runs ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
  `,
  // 13: backup schedules: the host that prepares each hot backup to verify it
  `
  ALTER TABLE backup_schedules ADD COLUMN verify_on TEXT;
  `,
];
