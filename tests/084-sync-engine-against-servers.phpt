--TEST--
Sync Connector engine: pull, push, failures, encryption and state errors free what they allocate
--SKIPIF--
<?php
if (!extension_loaded('vtws')) die('skip vtws not loaded');
if (!extension_loaded('openssl')) die('skip openssl not loaded');
if (!getenv('VTWS_PHPT_SERVER')) die('skip VTWS_PHPT_SERVER (URL of a running tests/server) not set; tools/test.sh sets it');
?>
--FILE--
<?php
declare(strict_types=1);

require __DIR__ . '/phpunit/SyncEngine/ScriptedService.php';
require __DIR__ . '/phpunit/SyncEngine/MemoryState.php';

use Vtws\Sync\Connector;
use Vtws\Tests\SyncEngine\MemoryState;
use Vtws\Tests\SyncEngine\ScriptedService as Service;

$base = rtrim((string) getenv('VTWS_PHPT_SERVER'), '/');
file_get_contents("$base/__vtws/reset", false, stream_context_create(['http' => ['method' => 'POST']]));
$vtiger = new Vtws\Client($base);
$vtiger->login('admin', 'vtwsAdminAccessK');
Service::reset();

const T0 = 1714521600;
$key = str_repeat('K', 32);
$iv = str_repeat('v', 16);
$xml = <<<'XML'
<connector>
  <synctype>user</synctype>
  <config><fields><field name="base" type="url"/><field name="key" type="password"/><field name="iv" type="password"/></fields></config>
  <modules>
    <module servicemodule="companies" vtigermodule="Accounts"/>
    <module servicemodule="people" vtigermodule="Contacts" dependenton="Accounts"/>
  </modules>
  <fieldmapping>
    <Accounts><field vtigerfield="accountname" servicefield="name"/></Accounts>
    <Contacts>
      <field vtigerfield="lastname" servicefield="name.last"/>
      <field vtigerfield="account_id" servicefield="company"/>
      <field vtigerfield="email" servicefield="mail" serviceformat="trim|prefix:x-"/>
    </Contacts>
  </fieldmapping>
  <service><url B="$config.$fields.base">$B</url><auth><basic username="u" password="p"/></auth></service>
  <pull>
    <request method="post"><url M="@syncmodule">/$M/search</url>
      <parameters raw-post-data="true"><parameter name="since" value="@lastsynctoken:T"/></parameters></request>
    <response><records use="items"/><recordid use="id"/><recordmodifiedtime use="t"/><recorddeleted use="gone"/>
      <error use="problem"/><decrypt use="true"/><key use="$config.$fields.key"/><iv use="$config.$fields.iv"/></response>
    <appendfields><request><url ID="@id">/extra/$ID</url><response><note use="data"/></response></request></appendfields>
  </pull>
  <push>
    <request method="post"><url M="@syncmodule">/$M</url>
      <parameters raw-post-data="true"><parameter name="items" value="@records"/></parameters>
      <create><url>/insert</url><batchlimit>1</batchlimit></create>
      <update><url>/modify</url></update>
      <delete><url>/remove</url><record overwrite="true"><property name="id" value="@record:id"/></record></delete>
    </request>
    <response><createdcode use="201"/><error use="problem"/><createdrecords use="items"/><recordid use="id"/><recordmodifiedtime use="t"/></response>
  </push>
</connector>
XML;

$encrypt = fn (array $body): string => openssl_encrypt(json_encode($body), 'aes-256-cbc', $key, 0, $iv);
$logged = [];
$logger = new class ($logged) {
    public function __construct(private array &$lines) {}
    public function log(string $level, string $message, array $context): void
    {
        if ($level !== 'debug') {
            $this->lines[] = "$level: " . preg_replace('/\d{9,}/', 'N', $message);
        }
    }
};
$progress = new stdClass();
$progress->calls = 0;
$options = fn (MemoryState $state): array => ['vtiger' => $vtiger, 'state' => $state, 'logger' => $logger,
    'progress' => function () use ($progress): void { $progress->calls++; },
    'config' => ['base' => Service::url(), 'key' => $key, 'iv' => $iv]];
function summary(Vtws\Sync\Report $report): void
{
    foreach ($report->toArray()['pairs'] as $pair => $directions) {
        foreach ($directions as $direction => $r) {
            printf("%s %s: %s requests=%d created=%d updated=%d deleted=%d skipped=%d failures=%d complete=%s\n",
                $pair, $direction, $r['status'], $r['requests'], $r['created'], $r['updated'], $r['deleted'], $r['skipped'],
                count($r['failures']), var_export($r['complete'], true));
            foreach ($r['failures'] as $f) {
                echo '  ', preg_replace('/\d+x\d+/', 'ID', $f['message']), "\n";
            }
        }
    }
}

// Run 1: Accounts pulled (one created with an appended field, one rejected by Vtiger),
// Contacts waits because Accounts is incomplete.
$state = new MemoryState(['pairs' => ['Accounts' => ['pull' => ['token' => T0], 'push' => ['token' => time() + 3600]],
    'Contacts' => ['pull' => ['token' => T0], 'push' => ['token' => time() - 1]]]]);
Service::queue('POST /companies/search', 200, json_encode($encrypt(['items' => [
    ['id' => 'c1', 't' => '2024-05-01T01:00:00Z', 'name' => 'Acme KK'],
    ['id' => 'c2', 't' => T0 + 7200, 'name' => ''],
]])));
Service::queue('GET /extra/c1', 200, ['data' => ['since' => 1999]]);
Service::queue('GET /extra/c2', 500, ['problem' => 'no extra']);
summary(Connector::fromString($xml, $options($state))->run());

// Run 2: the rejected account is fetched again and now valid; Contacts run: the pull fails,
// the push sends a contact (reference translated) and a failed update batch.
Service::reset();
Service::queue('POST /companies/search', 200, json_encode($encrypt(['items' => [['id' => 'c2', 't' => T0 + 7200, 'name' => 'Beta']]])));
Service::queue('GET /extra/c2', 404, null);
Service::queue('POST /people/search', 500, ['problem' => 'people index rebuilding']);
Service::queue('POST /people/insert', 201, ['id' => 'p1', 't' => T0]);
$account = array_search('c1', $state->idmap('Accounts'), true);
$vtiger->create('Contacts', ['lastname' => 'Mori', 'email' => ' m@example.com ', 'account_id' => $account, 'assigned_user_id' => '19x1']);
$state->document['pairs']['Accounts']['push']['complete'] = true;
summary(Connector::fromString($xml, $options($state))->run());
echo json_encode(array_column(Service::log(), 'body', 'path'), JSON_UNESCAPED_SLASHES), "\n";

// A state store that fails: the exception reaches the caller and nothing leaks.
$broken = new class extends MemoryState {
    public function apply(array $changes): void
    {
        throw new RuntimeException('disk full');
    }
};
try {
    Connector::fromString($xml, $options($broken))->run();
} catch (RuntimeException $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
$wrong = new class extends MemoryState {
    public function load(): array
    {
        return ['synctype' => 'app'];
    }
};
try {
    Connector::fromString($xml, $options($wrong))->run();
} catch (Vtws\Sync\LoadException $e) {
    echo $e->getMessage(), "\n";
}
try {
    Connector::fromString($xml, ['config' => ['base' => 'x', 'key' => $key, 'iv' => $iv]])->run();
} catch (Error $e) {
    echo $e->getMessage(), "\n";
}
try {
    Connector::fromString($xml, $options(new MemoryState()))->run(['pair' => 'Leads']);
} catch (ValueError $e) {
    echo $e->getMessage(), "\n";
}
echo implode("\n", array_unique($logged)), "\n";
echo $progress->calls > 0 ? "progress reported\n" : "no progress\n";
?>
--EXPECT--
Accounts pull: ran requests=3 created=1 updated=0 deleted=0 skipped=0 failures=1 complete=false
  create failed: accountname does not have a value [MANDATORY_FIELDS_MISSING]
Accounts push: ran requests=0 created=0 updated=0 deleted=0 skipped=0 failures=0 complete=true
Contacts pull: waiting for dependencies requests=0 created=0 updated=0 deleted=0 skipped=0 failures=0 complete=false
Contacts push: waiting for dependencies requests=0 created=0 updated=0 deleted=0 skipped=0 failures=0 complete=false
Accounts pull: ran requests=2 created=1 updated=0 deleted=0 skipped=0 failures=0 complete=true
Accounts push: ran requests=0 created=0 updated=0 deleted=0 skipped=0 failures=0 complete=true
Contacts pull: ran requests=1 created=0 updated=0 deleted=0 skipped=0 failures=1 complete=false
  HTTP 500: people index rebuilding
Contacts push: ran requests=1 created=1 updated=0 deleted=0 skipped=0 failures=0 complete=true
{"/companies/search":"{\"since\":\"2024-05-01T02:00:00\"}","/extra/c2":"","/people/search":"{\"since\":\"2024-05-01T00:00:00\"}","/people/insert":"{\"items\":[{\"name\":{\"last\":\"Mori\"},\"company\":\"c1\",\"mail\":\"x-m@example.com\",\"id\":\"\",\"clientversion\":0}]}"}
RuntimeException: disk full
the stored state was synced with synctype "app"; it cannot change to "user"
Vtws\Sync\Connector::run() needs the vtiger option (a Vtws\Client)
Vtws\Sync\Connector::run(): Argument #1 ($options) option "pair" must name a paired vtigermodule
warning: appendfields request for c2 failed: status not 2xx
info: Contacts waits for its dependencies
progress reported
