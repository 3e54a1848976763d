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

SystemDef supercomputer() {  // synthA: BGL-shaped RAS log
  SystemDef s{"synthA", "bgl", 1117838570LL, 6, {}, {}, {}, {}};
  s.nodes = {"R02-M1-N0-C:J12-U11", "R23-M0-NE-C:J05-U01", "R04-M1-N4-I:J18-U11", "R27-M1-N4-I:J18-U01",
             "R30-M0-N9-C:J16-U01", "R11-M0-N3-C:J07-U11", "R16-M1-NA-C:J03-U01", "R35-M0-N1-C:J14-U11",
             "R07-M1-N6-C:J09-U01", "R21-M0-NC-I:J18-U11", "R12-M1-N2-C:J11-U01", "R44-M0-N7-C:J04-U11"};
  s.normal = {
      {30, 18, 0, {{"INFO", "KERNEL", "instruction cache parity error corrected"}}},
      {20, 26, 0, {{"INFO", "KERNEL", "{num} double-hummer alignment exceptions"}}},
      {12, 12, 0, {{"INFO", "KERNEL", "CE sym {num}, at {hex}, mask {hex}"}}},
      {10, 14, 0, {{"INFO", "KERNEL", "total of {num} ddr error(s) detected and corrected"}}},
      {8, 6, 0, {{"INFO", "KERNEL", "{num} L3 EDRAM error(s) (dcr {hex}) detected and corrected"}}},
      {10, 10, 0,
       {{"INFO", "APP", "ciod: LOGIN chdir({path}) succeeded"},
        {"INFO", "APP", "ciod: starting job {num} on {num} compute nodes"},
        {"INFO", "APP", "ciod: job {num} exited normally with status 0"}}},
      {6, 8, 0,
       {{"INFO", "MMCS", "mmcs_db_server: partition {hex} allocated to user {user}"},
        {"INFO", "MMCS", "mmcs_db_server: block {hex} booted successfully"},
        {"INFO", "MMCS", "mmcs_db_server: block {hex} freed by user {user}"}}},
      {8, 4, 0, {{"INFO", "MONITOR", "fan module {num} speed {num} rpm within limits"}}},
      {8, 8, 0, {{"INFO", "MONITOR", "temperature sensor {num} reads {num} C"}}},
      {3, 5, 0, {{"WARNING", "MONITOR", "power module {hex} voltage {num} mV near upper limit"}}},
      {5, 5, 0, {{"INFO", "LINKCARD", "link card {hex} port {num} trained at {num} Gbps"}}},
      {4, 2, 0, {{"INFO", "LINKCARD", "midplane {hex} clock synchronized"}}},
      {6, 6, 0,
       {{"INFO", "KERNEL", "ddr: activating redundant bit steering for next allocation: rank={num} symbol={num}"}}},
      {3, 3, 0,
       {{"INFO", "KERNEL", "kernel boot complete, {num} MB memory available"},
        {"INFO", "KERNEL", "machine check enabled on core {num}"}}},
      {5, 5, 0, {{"INFO", "MMCS", "CioStream socket to {ip}:{port} established"}}},
      {6, 9, 0, {{"INFO", "KERNEL", "torus receiver x+ input pipe error(s) (dcr {hex}) detected and corrected"}}},
      {4, 4, 0, {{"INFO", "KERNEL", "tree receiver {num} in re-synch state event(s) (dcr {hex}) detected"}}},
      {4, 3, 0, {{"INFO", "KERNEL", "program interrupt: fp cr field update count {num}"}}},
      {3, 3, 0, {{"INFO", "APP", "ciod: pollControlDescriptors: socket {num} ready"}}},
      {3, 3, 0, {{"INFO", "DISCOVERY", "ServiceNode discovered card {hex} in slot {num}"}}},
      {2, 2, 0,
       {{"INFO", "BGLMASTER", "BGLMaster started with pid {pid}"},
        {"INFO", "BGLMASTER", "mmcs_server started, listening on port {port}"}}},
      {4, 4, 0, {{"INFO", "BGLMASTER", "heartbeat from node card {hex} ok"}}},
      {3, 3, 0, {{"INFO", "KERNEL", "cache flush of {num} lines completed"}}},
      {0, 9, 300, {{"INFO", "KERNEL", "L1 data cache parity error corrected on core {num}"}}},
      {0, 6, 500,
       {{"INFO", "APP", "ciod: checkpoint {num} of job {num} written to {path}"},
        {"INFO", "APP", "ciod: checkpoint {num} verified"}}},
      {0, 5, 700, {{"INFO", "KERNEL", "dynamic power scaling set to level {num}"}}},
      {5, 2, 0, {{"INFO", "KERNEL", "rts: kernel version {num} loaded"}}},
  };
  s.noise = {{"INFO", "MONITOR", "operator {user} logged into service console"},
             {"INFO", "KERNEL", "ras: message buffer flushed {num} entries"},
             {"INFO", "DISCOVERY", "spare card {hex} inventory refreshed"},
             {"INFO", "APP", "ciod: environment variable {user} ignored"},
             {"WARNING", "KERNEL", "debug register {hex} read back {hex}"}};
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
  return s;
}

SystemDef cluster() {  // synthB: Thunderbird-shaped syslog
  SystemDef s{"synthB", "thunderbird", 1131566461LL, 3, {}, {}, {}, {}};
  s.nodes = {"dn228", "dn261", "dn73", "dn754", "dn978", "bn246", "bn401", "an563",
             "cn142", "cn517", "dn12",  "bn88",  "an21",  "cn700", "dn305", "bn990"};
  s.normal = {
      {30, 30, 0,
       {{"", "crond(pam_unix)[{pid}]", "session opened for user root by (uid=0)"},
        {"", "crond[{pid}]", "(root) CMD (run-parts /etc/cron.hourly)"},
        {"", "crond(pam_unix)[{pid}]", "session closed for user root"}}},
      {12, 16, 0,
       {{"", "sshd[{pid}]", "Accepted publickey for {user} from {ip} port {port} ssh2"},
        {"", "sshd(pam_unix)[{pid}]", "session opened for user {user} by (uid=0)"},
        {"", "sshd(pam_unix)[{pid}]", "session closed for user {user}"}}},
      {10, 6, 0, {{"", "ntpd[{pid}]", "synchronized to {ip}, stratum {num}"}}},
      {4, 4, 0, {{"", "ntpd[{pid}]", "kernel time sync enabled {num}"}}},
      {6, 6, 0,
       {{"", "dhcpd", "DHCPREQUEST for {ip} from {mac} via eth{num}"},
        {"", "dhcpd", "DHCPACK on {ip} to {mac} via eth{num}"}}},
      {2, 2, 0, {{"", "syslogd", "restart."}}},
      {10, 12, 0,
       {{"", "pbs_mom", "job {num}.tbird-admin1 started on {num} cpus"},
        {"", "pbs_mom", "job {num}.tbird-admin1 completed, exit status 0"}}},
      {6, 6, 0,
       {{"", "xinetd[{pid}]", "START: auth pid={pid} from={ip}"},
        {"", "xinetd[{pid}]", "EXIT: auth pid={pid} duration={num}(sec)"}}},
      {5, 8, 0, {{"", "gmond[{pid}]", "metric {user} sent to {ip}"}}},
      {4, 4, 0, {{"", "smartd[{pid}]", "Device: /dev/sda, SMART Attribute {num} changed from {num} to {num}"}}},
      {4, 4, 0,
       {{"", "postfix/smtpd[{pid}]", "connect from localhost[127.0.0.1]"},
        {"", "postfix/qmgr[{pid}]", "{hex}: removed"}}},
      {6, 4, 0,
       {{"", "automount[{pid}]", "mount({path}) succeeded"}, {"", "automount[{pid}]", "expired {path}"}}},
      {3, 3, 0, {{"", "kernel", "eth{num}: link up, 1000Mbps, full-duplex"}}},
      {4, 4, 0, {{"", "kernel", "ib_mthca: port {num} active, {num} Gbps"}}},
      {3, 3, 0, {{"", "ypbind[{pid}]", "bound to NIS server {host}"}}},
      {4, 4, 0, {{"", "snmpd[{pid}]", "Connection from UDP: [{ip}]:{port}"}}},
      {3, 3, 0,
       {{"", "su(pam_unix)[{pid}]", "session opened for user {user} by root(uid=0)"},
        {"", "su(pam_unix)[{pid}]", "session closed for user {user}"}}},
      {4, 4, 0, {{"", "kernel", "nfs: server {host} OK"}}},
      {4, 4, 0, {{"", "portmap[{pid}]", "connect from {ip} to getport(nfs)"}}},
      {2, 2, 0, {{"", "logrotate", "rotated {path}"}}},
      {3, 2, 0, {{"", "rpc.statd[{pid}]", "Version 1.0.6 Starting"}}},
      {0, 8, 350, {{"", "ibsm[{pid}]", "subnet sweep completed, {num} ports active"}}},
      {0, 10, 600,
       {{"", "slurmd[{pid}]", "launched task {num} of job {num}"},
        {"", "slurmd[{pid}]", "task {num} of job {num} finished"}}},
  };
  s.noise = {{"", "kernel", "audit({num}.{num}:{num}): initialized"},
             {"", "named[{pid}]", "lame server resolving '{host}' ignored"},
             {"", "init", "Switching to runlevel: {num}"},
             {"", "kernel", "usb {num}-{num}: new full speed device using address {num}"},
             {"", "ganglia[{pid}]", "cluster summary refreshed for {num} hosts"}};
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
  return s;
}

SystemDef coordinator() {  // synthC: Zookeeper-shaped service log
  SystemDef s{"synthC", "zookeeper", 1438191704LL, 8, {}, {}, {}, {}};
  s.normal = {
      {30, 30, 0,
       {{"INFO", "NIOServerCxn.Factory:NIOServerCnxnFactory@197", "Accepted socket connection from /{ip}:{port}"},
        {"INFO", "NIOServerCxn.Factory:ZooKeeperServer@839",
         "Client attempting to establish new session at /{ip}:{port}"},
        {"INFO", "CommitProcessor:ZooKeeperServer@595",
         "Established session {sess} with negotiated timeout {num} for client /{ip}:{port}"},
        {"INFO", "ProcessThread:PrepRequestProcessor@476", "Processed session termination for sessionid: {sess}"},
        {"INFO", "NIOServerCxn.Factory:NIOServerCnxn@1001",
         "Closed socket connection for client /{ip}:{port} which had sessionid {sess}"}}},
      {10, 10, 0, {{"WARN", "NIOServerCxn.Factory:NIOServerCnxn@357", "caught end of stream exception"}}},
      {8, 8, 0, {{"INFO", "SessionTracker:ZooKeeperServer@325", "Expiring session {sess}, timeout of {num}ms exceeded"}}},
      {8, 5, 0, {{"INFO", "QuorumPeer:FastLeaderElection@774", "Notification time out: {num}"}}},
      {6, 6, 0,
       {{"INFO", "WorkerReceiver:FastLeaderElection@542",
         "Notification: {num} (n.leader), {hex} (n.zxid), {num} (n.round), LOOKING (n.state), {num} (n.sid)"}}},
      {4, 4, 0,
       {{"INFO", "QuorumPeer:QuorumPeer@670", "LOOKING"},
        {"INFO", "QuorumPeer:QuorumPeer@738", "FOLLOWING"},
        {"INFO", "QuorumPeer:Learner@325", "Getting a snapshot from leader"},
        {"INFO", "QuorumPeer:FileTxnSnapLog@240", "Snapshotting: {hex}"}}},
      {5, 5, 0, {{"INFO", "SyncThread:FileTxnLog@199", "Creating new log file: log.{hex}"}}},
      {6, 6, 0,
       {{"WARN", "SendWorker:QuorumCnxManager$SendWorker@688", "Send worker leaving thread"},
        {"WARN", "RecvWorker:QuorumCnxManager$RecvWorker@762", "Interrupted while waiting for message on queue"}}},
      {5, 5, 0, {{"INFO", "ListenerThread:QuorumCnxManager$Listener@493", "Received connection request /{ip}:{port}"}}},
      {4, 4, 0,
       {{"INFO", "LearnerHandler:LearnerHandler@263",
         "Follower sid: {num} : info : org.apache.zookeeper.server.quorum.QuorumPeer$QuorumServer@{hex}"},
        {"INFO", "LearnerHandler:LearnerHandler@318",
         "Synchronizing with Follower sid: {num} maxCommittedLog={hex} minCommittedLog={hex} peerLastZxid={hex}"},
        {"INFO", "LearnerHandler:LearnerHandler@395", "Sending DIFF"}}},
      {2, 2, 0,
       {{"INFO", "main:QuorumPeerConfig@101", "Reading configuration from: {path}"},
        {"INFO", "main:QuorumPeerMain@127", "Starting quorum peer"}}},
      {3, 3, 0, {{"INFO", "ProcessThread:PrepRequestProcessor@627", "Got user-level KeeperException when processing sessionid:{sess} type:create cxid:{hex} zxid:{hex} txntype:-1 reqpath:n/a Error Path:{path} Error:KeeperErrorCode = NodeExists for {path}"}}},
      {4, 6, 0, {{"INFO", "SessionTracker:SessionTrackerImpl@162", "SessionTrackerImpl exited loop!"}}},
      {3, 3, 0, {{"WARN", "QuorumPeer:Follower@118", "Got zxid {hex} expected {hex}"}}},
      {0, 6, 400, {{"INFO", "PurgeTask:DatadirCleanupManager@144", "Purge task completed, {num} snapshots retained"}}},
      {0, 5, 650, {{"INFO", "ContainerManager:ContainerManager@160", "Checked {num} containers in {num} ms"}}},
      {4, 2, 0, {{"INFO", "main:Environment@100", "Server environment:java.version={num}"}}},
  };
  s.noise = {{"INFO", "main:Environment@100", "Server environment:user.dir={path}"},
             {"WARN", "QuorumPeer:QuorumPeer@722", "Unexpected quorum state, retrying"},
             {"INFO", "JMX:ManagedUtil@46", "Log4j found with jmx enabled"},
             {"INFO", "NIOServerCxn.Factory:NIOServerCnxn@827", "Processing stat command from /{ip}:{port}"},
             {"INFO", "main:ZooKeeperServerMain@95", "Starting server, tick time {num}"}};
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
  return s;
}

}  // namespace

std::vector<SystemDef> synth_systems() { return {supercomputer(), cluster(), coordinator()}; }

}  // namespace logsweep::synth_detail
