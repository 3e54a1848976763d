// Vocabularies of the synthetic systems. Headers follow the shapes of Loghub's BGL, Thunderbird
// and Zookeeper; every message is invented. The anomaly semantics are shared, the words are not
// (only some words overlap, as between real systems), so cross-system transfer is possible but
// not trivial.
#include "core/synth/systems.hpp"

namespace logsweep::synth_detail {

const std::vector<std::string>& anomaly_semantics() {
  static const std::vector<std::string> s{"missing_file",     "disk_failure",      "lost_connection",
                                          "memory_exhaustion", "permission_denied", "timeout"};
  return s;
}

namespace {

// BGL_head10k: one message repeated for hundreds of lines, then another (11 templates in 10k
// lines, the top one 49% of lines, the top five 99%; 3% of 20-line windows distinct). So: one
// routine at a time, each line repeated in long runs, hardly any noise.
SystemDef supercomputer() {  // synthA: BGL-shaped RAS log
  SystemDef s{"synthA", "bgl", 1117838570LL, 2, {}, {}, {}, {}};
  s.nodes = {"R02-M1-N0-C:J12-U11", "R23-M0-NE-C:J05-U01", "R04-M1-N4-I:J18-U11", "R27-M1-N4-I:J18-U01",
             "R30-M0-N9-C:J16-U01", "R11-M0-N3-C:J07-U11", "R16-M1-NA-C:J03-U01", "R35-M0-N1-C:J14-U11",
             "R07-M1-N6-C:J09-U01", "R21-M0-NC-I:J18-U11", "R12-M1-N2-C:J11-U01", "R44-M0-N7-C:J04-U11"};
  s.normal = {
      {26, 24, 0, {{"INFO", "KERNEL", "instruction cache parity error corrected"}}, 300, 1500},
      {24, 24, 0, {{"INFO", "KERNEL", "{num} double-hummer alignment exceptions"}}, 300, 1500},
      {8, 8, 0, {{"INFO", "KERNEL", "CE sym {num}, at {hex}, mask {hex}"}}, 20, 200},
      {6, 6, 0, {{"INFO", "KERNEL", "total of {num} ddr error(s) detected and corrected"}}, 10, 80},
      {5, 5, 0, {{"INFO", "KERNEL", "generating core.{num}"}}, 10, 200},
      {3, 3, 0,
       {{"INFO", "APP", "ciod: LOGIN chdir({path}) succeeded"},
        {"INFO", "APP", "ciod: starting job {num} on {num} compute nodes"},
        {"INFO", "APP", "ciod: job {num} exited normally with status 0"}},
       1, 3, 0, 50},
      {2, 2, 0,
       {{"INFO", "MMCS", "mmcs_db_server: partition {hex} allocated to user {user}"},
        {"INFO", "MMCS", "mmcs_db_server: block {hex} booted successfully"},
        {"INFO", "MMCS", "mmcs_db_server: block {hex} freed by user {user}"}},
       1, 2, 0, 50},
      {0, 0, 0, {{"INFO", "MONITOR", "temperature sensor {num} reads {num} C"}}, 1, 1, 2000},
      {0, 8, 200, {{"INFO", "KERNEL", "L1 data cache parity error corrected on core {num}"}}, 50, 400},
      {0, 6, 300, {{"INFO", "KERNEL", "dynamic power scaling set to level {num}"}}, 100, 400},
  };
  s.noise = {{"INFO", "MONITOR", "operator {user} logged into service console"},
             {"INFO", "KERNEL", "ras: message buffer flushed {num} entries"}};
  s.noise_permille = 1;
  s.anomalies = {
      {"missing_file", "APPREAD",
       {{"FATAL", "APP", "ciod: failed to open {path}: No such file or directory"},
        {"FATAL", "APP", "ciod: Error loading {path}: program image not found"}}},
      {"disk_failure", "KERNSTOR",
       {{"FATAL", "KERNEL", "storage node {num}: RAID controller reported media error on disk {num}"},
        {"FAILURE", "KERNEL", "Lustre mount FAILED: bglio{num}: block device I/O error"}}},
      {"lost_connection", "KERNSOCK",
       {{"FATAL", "APP", "ciod: lost socket connection to {ip}:{port}"},
        {"FATAL", "LINKCARD", "link to node card {hex} went down, connection reset"}}},
      {"memory_exhaustion", "KERNMEM",
       {{"FATAL", "KERNEL", "out of memory: cannot allocate {num} bytes for job {num}"},
        {"FATAL", "KERNEL", "kernel heap exhausted, {num} pages requested"}}},
      {"permission_denied", "APPAUTH",
       {{"FATAL", "APP", "ciod: cannot execute {path}: permission denied for uid {num}"}}},
      {"timeout", "MMCSTMO",
       {{"FATAL", "MMCS", "mmcs: command to node card {hex} timed out after {num} seconds"},
        {"SEVERE", "MMCS", "idoproxy: no reply from {ip} within deadline"}}},
  };
  s.anomalous_windows = 0.247;
  s.burst_mean = 8.0;
  s.burst_max = 40;
  return s;
}

// Thunderbird_2k's long tail: 167 templates in 2,000 lines, most of them seen once, and they come
// together (a node booting or reconfiguring writes dozens of one-off messages in a row). Six
// episodes of 50 procedural messages each (distinct first word or length, so Drain keeps them
// apart), each a periodic routine.
std::vector<Workflow> syslog_episodes() {
  static const char* const verbs[] = {"Starting",  "Stopping", "Reloading", "Checking", "Loaded",  "Registered", "Detected",
                                      "Enabled",   "Disabled", "Found",     "Using",    "Skipping", "Initializing",
                                      "Updating",  "Removing", "Reading",   "Writing",  "Scanning", "Probing", "Closing"};
  static const char* const words[] = {"service", "module", "device",  "interface", "driver", "policy",  "cache",  "table",
                                      "queue",   "handler", "monitor", "profile",  "channel", "agent",  "buffer", "socket",
                                      "daemon",  "config", "entry",   "record",    "mapping", "session", "filter", "route",
                                      "lease",   "quota",  "volume",  "mount",     "port",    "link"};
  static std::vector<std::string> texts;
  if (texts.empty())
    for (int i = 0; i < 300; ++i) {
      std::string t = verbs[i % 20];
      for (int j = 0; j < 2 + i / 20; ++j) t += std::string(" ") + words[(i * 7 + j * 11) % 30];
      texts.push_back(t);
    }
  static const char* const daemons[] = {"kernel", "ACPI", "sendmail[{pid}]", "gmetad[{pid}]", "xinetd[{pid}]", "init"};
  std::vector<Workflow> out(6);
  for (std::size_t i = 0; i < texts.size(); ++i) {
    Workflow& w = out[i % 6];
    w.w0 = w.w1 = 0;
    w.repeat_min = 1;
    w.repeat_max = 2;
    w.period = 4200;  // six of them: one episode every ~700 lines
    w.lines.push_back({"", daemons[(i / 6) % 6], texts[i].c_str()});
  }
  return out;
}

// Thunderbird_2k: two single-message daemons make 41% and 28% of lines (ganglia, ntpd), a
// periodic three-line InfiniBand sweep, cron and ssh sessions, and a long tail of one-off lines;
// all interleaved (20-line windows 99% distinct; the next event's top-1 guess is right 41% of
// the time from 3 events, the top-5 80%).
SystemDef cluster() {  // synthB: Thunderbird-shaped syslog
  SystemDef s{"synthB", "thunderbird", 1131566461LL, 1, {}, {}, {}, {}};
  s.nodes = {"dn228", "dn261", "dn73", "dn754", "dn978", "bn246", "bn401", "an563",
             "cn142", "cn517", "dn12",  "bn88",  "an21",  "cn700", "dn305", "bn990"};
  s.normal = {
      {60, 56, 0, {{"", "gmetad[{pid}]", "data_thread() got no answer from any [cluster_{num}] datasource"}}},
      {40, 40, 0, {{"", "ntpd[{pid}]", "synchronized to {ip}, stratum {num}"}}},
      {0, 0, 0,
       {{"", "ib_sm.x[{pid}]", "[ib_sm_sweep.c:{num}]: ********** NEW SWEEP **********"},
        {"", "ib_sm.x[{pid}]", "[ib_sm_sweep.c:{num}]: No topology change"},
        {"", "ib_sm.x[{pid}]", "[ib_sm_sweep.c:{num}]: No configuration change required"}},
       1, 1, 32},
      {0, 0, 0,
       {{"", "crond(pam_unix)[{pid}]", "session opened for user root by (uid=0)"},
        {"", "crond[{pid}]", "(root) CMD (run-parts /etc/cron.hourly)"},
        {"", "crond(pam_unix)[{pid}]", "session closed for user root"}},
       1, 1, 120},
      {2, 2, 0, {{"", "gmetad[{pid}]", "Warning: we failed to resolve data source name {host}"}}},
      {1, 1, 0,
       {{"", "sshd[{pid}]", "Accepted publickey for {user} from {ip} port {port} ssh2"},
        {"", "sshd(pam_unix)[{pid}]", "session opened for user {user} by (uid=0)"},
        {"", "sshd(pam_unix)[{pid}]", "session closed for user {user}"}},
       1, 1, 0, 100},
      {1, 1, 0,
       {{"", "dhcpd", "DHCPDISCOVER from {mac} via eth{num}: network A_net: no free leases"}}},
      {1, 1, 0,
       {{"", "xinetd[{pid}]", "START: auth pid={pid} from={ip}"},
        {"", "xinetd[{pid}]", "EXIT: auth pid={pid} duration={num}(sec)"}}},
      {0, 2, 350, {{"", "ibsm[{pid}]", "subnet sweep completed, {num} ports active"}}},
      {0, 2, 600,
       {{"", "slurmd[{pid}]", "launched task {num} of job {num}"},
        {"", "slurmd[{pid}]", "task {num} of job {num} finished"}}},
  };
  for (auto& w : syslog_episodes()) s.normal.push_back(std::move(w));
  s.noise = {{"", "kernel", "audit({num}.{num}:{num}): initialized"},
             {"", "named[{pid}]", "lame server resolving '{host}' ignored"},
             {"", "init", "Switching to runlevel: {num}"},
             {"", "ganglia[{pid}]", "cluster summary refreshed for {num} hosts"}};
  s.noise_permille = 10;
  s.anomalies = {
      {"missing_file", "PBS_CHK",
       {{"", "pbs_mom", "job {num} failed, cannot stat {path}: file does not exist"}}},
      {"disk_failure", "SCSI",
       {{"", "kernel", "end_request: I/O error, dev sda, sector {big}"},
        {"", "kernel", "scsi{num}: disk hardware failure, medium error on sd{num}"}}},
      {"lost_connection", "NET",
       {{"", "sshd[{pid}]", "fatal: Connection closed by remote host {ip}"},
        {"", "kernel", "eth{num}: link down, network connection dropped"}}},
      {"memory_exhaustion", "OOM",
       {{"", "kernel", "Out of Memory: Killed process {pid} (java)"},
        {"", "kernel", "oom-killer: gfp_mask={hex}, memory exhausted"}}},
      {"permission_denied", "AUTH",
       {{"", "sshd(pam_unix)[{pid}]", "authentication failure; access denied for user {user}"}}},
      {"timeout", "NFS",
       {{"", "kernel", "nfs: server {host} not responding, timed out"},
        {"", "pbs_mom", "job {num} walltime exceeded, request timed out"}}},
  };
  s.anomalous_windows = 0.051;
  s.burst_mean = 8.0;  // not measurable on the samples (no alerts): BGL's derived value
  s.burst_max = 40;
  return s;
}

// Zookeeper_2k: a five-line connection-teardown workflow makes ~72% of lines and a five-line
// client-session workflow most of the rest, many instances interleaved (20-line windows all
// distinct; next event top-1 13%, top-5 62% from 3 events); 44 templates in 2,000 lines. It runs
// in phases (Zookeeper_2k.log_structured.csv): ~400-500 lines of nothing but teardowns, ~120 of
// election retries ("Cannot open channel" / "Notification time out"), ~250 of client sessions
// among which the one-off messages fall.
enum ZkPhase { kTeardown = 0, kElection = 1, kSessions = 2 };
Workflow zk(int w0, int w1, int appear, std::vector<LineDef> lines, int group, int skip_permille = 0) {
  Workflow w;
  w.w0 = w0;
  w.w1 = w1;
  w.appear_permille = appear;
  w.lines = std::move(lines);
  w.skip_permille = skip_permille;
  w.group = group;
  return w;
}

SystemDef coordinator() {  // synthC: Zookeeper-shaped service log
  SystemDef s{"synthC", "zookeeper", 1438191704LL, 4, {}, {}, {}, {}};
  s.normal = {
      zk(40, 40, 0,
         {{"INFO", "ListenerThread:QuorumCnxManager$Listener@493", "Received connection request /{ip}:{port}"},
          {"WARN", "RecvWorker:QuorumCnxManager$RecvWorker@780", "Connection broken for id {num}, my id = {num}, error ="},
          {"WARN", "RecvWorker:QuorumCnxManager$RecvWorker@765", "Interrupting SendWorker"},
          {"WARN", "SendWorker:QuorumCnxManager$SendWorker@688", "Send worker leaving thread"},
          {"WARN", "SendWorker:QuorumCnxManager$SendWorker@679", "Interrupted while waiting for message on queue"}},
         kTeardown, 30),
      zk(10, 8, 0,
         {{"WARN", "QuorumPeer:QuorumCnxManager@368", "Cannot open channel to {num} at election address /{ip}:{port}"}},
         kElection),
      zk(3, 3, 0, {{"INFO", "QuorumPeer:FastLeaderElection@774", "Notification time out: {num}"}}, kElection),
      zk(2, 2, 0, {{"WARN", "LearnerHandler:LearnerHandler@575", "******* GOODBYE /{ip}:{port} ********"}}, kElection),
      zk(10, 10, 0,
         {{"INFO", "NIOServerCxn.Factory:NIOServerCnxnFactory@197", "Accepted socket connection from /{ip}:{port}"},
          {"INFO", "NIOServerCxn.Factory:ZooKeeperServer@839",
           "Client attempting to establish new session at /{ip}:{port}"},
          {"INFO", "CommitProcessor:ZooKeeperServer@595",
           "Established session {sess} with negotiated timeout {num} for client /{ip}:{port}"},
          {"INFO", "ProcessThread:PrepRequestProcessor@476", "Processed session termination for sessionid: {sess}"},
          {"INFO", "NIOServerCxn.Factory:NIOServerCnxn@1001",
           "Closed socket connection for client /{ip}:{port} which had sessionid {sess}"}},
         kSessions, 50),
      zk(4, 4, 0, {{"INFO", "SessionTracker:ZooKeeperServer@325", "Expiring session {sess}, timeout of {num}ms exceeded"}},
         kSessions),
      zk(3, 3, 0,
         {{"WARN", "QuorumPeer:QuorumCnxManager@461",
           "Connection request from old client /{ip}:{port}; will be dropped if server is in r-o mode"}},
         kSessions),
      zk(2, 2, 0, {{"WARN", "NIOServerCxn.Factory:NIOServerCnxn@357", "caught end of stream exception"}}, kSessions),
      zk(2, 2, 0,
         {{"INFO", "WorkerReceiver:FastLeaderElection@542",
           "Notification: {num} (n.leader), {hex} (n.zxid), {num} (n.round), LOOKING (n.state), {num} (n.sid)"}},
         kSessions),
      zk(1, 1, 0,
         {{"INFO", "QuorumPeer:QuorumPeer@670", "LOOKING"},
          {"INFO", "QuorumPeer:QuorumPeer@738", "FOLLOWING"},
          {"INFO", "QuorumPeer:Learner@325", "Getting a snapshot from leader"},
          {"INFO", "QuorumPeer:FileTxnSnapLog@240", "Snapshotting: {hex}"}},
         kSessions),
      zk(0, 3, 400, {{"INFO", "PurgeTask:DatadirCleanupManager@144", "Purge task completed, {num} snapshots retained"}},
         kSessions),
      zk(0, 3, 600, {{"INFO", "ContainerManager:ContainerManager@160", "Checked {num} containers in {num} ms"}},
         kSessions),
  };
  s.noise = {{"INFO", "main:Environment@100", "Server environment:user.dir={path}"},
             {"WARN", "QuorumPeer:QuorumPeer@722", "Unexpected quorum state, retrying"},
             {"INFO", "JMX:ManagedUtil@46", "Log4j found with jmx enabled"},
             {"INFO", "NIOServerCxn.Factory:NIOServerCnxn@827", "Processing stat command from /{ip}:{port}"},
             {"INFO", "main:ZooKeeperServerMain@95", "Starting server, tick time {num}"},
             {"INFO", "SyncThread:FileTxnLog@199", "Creating new log file: log.{hex}"},
             {"INFO", "LearnerHandler:LearnerHandler@395", "Sending DIFF"},
             {"INFO", "main:QuorumPeerMain@127", "Starting quorum peer"},
             {"INFO", "main:QuorumPeerConfig@101", "Reading configuration from: {path}"},
             {"WARN", "QuorumPeer:Follower@118", "Got zxid {hex} expected {hex}"},
             {"INFO", "SessionTracker:SessionTrackerImpl@162", "SessionTrackerImpl exited loop!"},
             {"INFO", "QuorumPeer:Leader@361", "LEADING - LEADER ELECTION TOOK - {num}"},
             {"INFO", "QuorumPeer:Follower@63", "FOLLOWING - LEADER ELECTION TOOK - {num}"},
             {"INFO", "LearnerHandler:LearnerHandler@263",
              "Follower sid: {num} : info : org.apache.zookeeper.server.quorum.QuorumPeer$QuorumServer@{hex}"},
             {"INFO", "ProcessThread:PrepRequestProcessor@627",
              "Got user-level KeeperException when processing sessionid:{sess} type:create cxid:{hex} zxid:{hex} "
              "txntype:-1 reqpath:n/a Error Path:{path} Error:KeeperErrorCode = NodeExists for {path}"},
             {"WARN", "QuorumPeer:Learner@233", "Exception when following the leader"},
             {"INFO", "QuorumPeer:QuorumPeer@749", "shutdown called"},
             {"INFO", "QuorumPeer:FileSnap@83", "Reading snapshot {path}"},
             {"INFO", "main:NIOServerCnxnFactory@94", "binding to port {num}"},
             {"WARN", "NIOServerCxn.Factory:NIOServerCnxn@354", "Exception causing close of session {sess} due to java.io.IOException"},
             {"INFO", "QuorumPeer:QuorumPeer@655", "Have smaller server identifier, so dropping the connection: ({num}, {num})"},
             {"INFO", "QuorumPeer:ZooKeeperServer@173", "Created server with tickTime {num} minSessionTimeout {num} datadir {path}"},
             {"WARN", "QuorumPeer:Learner@387", "Unexpected exception, tries={num}, connecting to /{ip}:{port}"},
             {"INFO", "QuorumPeer:Learner@336", "Getting a diff from the leader {hex}"},
             {"INFO", "CommitProcessor:NIOServerCnxn@1008", "Closed socket connection for client /{ip}:{port} (no session established for client)"},
             {"WARN", "NIOServerCxn.Factory:NIOServerCnxn@349", "Exception causing close of session {sess}: Connection reset by peer"},
             {"INFO", "main:QuorumPeer@959", "tickTime set to {num}"},
             {"INFO", "main:QuorumPeer@1005", "initLimit set to {num}"},
             {"INFO", "main:QuorumPeer@1020", "syncLimit set to {num}"},
             {"INFO", "QuorumPeer:Leader@475", "Shutdown called"},
             {"INFO", "QuorumPeer:FileTxnSnapLog@240", "Snapshotting: {hex} to {path}"},
             {"INFO", "WorkerSender:QuorumCnxManager@190", "Have smaller server identifier, so dropping the connection"},
             {"WARN", "SyncThread:FileTxnLog@334", "fsync-ing the write ahead log in SyncThread took {num}ms which will adversely effect operation latency"},
             {"INFO", "QuorumPeer:QuorumPeer@714", "LEADING"}};
  s.noise_permille = 100;  // within session phases only
  s.noise_group = kSessions;
  s.concurrency = 8;
  s.phase_cycle = {{kTeardown, 400}, {kSessions, 250}, {kTeardown, 400}, {kElection, 100}};
  s.anomalies = {
      {"missing_file", "", {{"ERROR", "QuorumPeer:FileTxnSnapLog@210", "Unable to load database: snapshot file {path} not found"}}},
      {"disk_failure", "",
       {{"ERROR", "SyncThread:FileTxnLog@321", "Severe unrecoverable error writing transaction log {path}: disk failure"}}},
      {"lost_connection", "",
       {{"ERROR", "QuorumPeer:Follower@89", "Connection to leader {ip}:{port} lost, closing socket"},
        {"ERROR", "LearnerHandler:LearnerHandler@562", "Unexpected exception causing shutdown while sock still open"}}},
      {"memory_exhaustion", "",
       {{"ERROR", "CommitProcessor:CommitProcessor@148", "Request processor out of memory, heap exhausted: {num} MB used"}}},
      {"permission_denied", "",
       {{"ERROR", "NIOServerCxn.Factory:ZooKeeperServer@991", "Authentication failed for session {sess}: permission denied"}}},
      {"timeout", "",
       {{"ERROR", "QuorumPeer:Learner@232", "Timed out waiting for leader {ip} after {num} ms"},
        {"ERROR", "SendWorker:QuorumCnxManager$SendWorker@706", "Send to {ip} timed out, giving up"}}},
  };
  s.anomalous_windows = 0.024;
  s.burst_mean = 1.62;
  s.burst_max = 3;
  return s;
}

}  // namespace

std::vector<SystemDef> synth_systems() { return {supercomputer(), cluster(), coordinator()}; }

}  // namespace logsweep::synth_detail
