<?php

declare(strict_types=1);

namespace Vtws\Tests\SyncEngine;

require_once __DIR__ . '/SyncTestCase.php';

use Vtws\Sync\Connector;
use Vtws\Sync\LoadException;

/**
 * The conformance checklist of the Sync Connector specification (section 15), item by item,
 * against the Vtiger test server and a scripted service.
 */
final class ConformanceTest extends SyncTestCase
{
    private const T0 = 1714521600; // 2024-05-01T00:00:00Z

    /** A one-pair connector: Contacts <-> people. */
    private static function definition(array $parts = []): string
    {
        $parts += [
            'pull' => '<request method="post"><url>/people/search</url><parameters raw-post-data="true">
                <parameter name="since" value="@lastsynctoken"/></parameters></request>',
            'records' => '<records use="items"/><recordid use="id"/><recordmodifiedtime use="mtime"/>'
                . '<recorddeleted use="gone"/><error use="problem"/>',
            'pullextra' => '',
            'push' => '<request method="post"><url>/people</url><headers><header name="Content-Type" value="application/json"/></headers>
                <parameters raw-post-data="true"><parameter name="items" value="@records"/></parameters>
                <create><url>/insert</url></create><update><url>/modify</url></update><delete><url>/remove</url></delete>
                </request>',
            'pushresponse' => '<createdcode use="201"/><error use="problem"/><createdrecords use="items"/>'
                . '<recordid use="id"/><recordmodifiedtime use="mtime"/>',
            'fields' => '<field vtigerfield="firstname" servicefield="first"/>
                <field vtigerfield="lastname" servicefield="name.last"/>
                <field vtigerfield="email" servicefield="contact.email" serviceformat="trim"/>',
            'modules' => '<module servicemodule="people" vtigermodule="Contacts"/>',
            'config' => '',
        ];
        return <<<XML
<?xml version="1.0"?>
<connector>
  <synctype>user</synctype>
  <config><fields><field name="apikey" type="password" value="k"/>{$parts['config']}</fields></config>
  <modules>{$parts['modules']}</modules>
  <fieldmapping><Contacts>{$parts['fields']}</Contacts></fieldmapping>
  <service><url BASE="\$config.\$fields.base">\$BASE</url><auth><apikey token="\$config.\$fields.apikey"/></auth></service>
  <pull>{$parts['pull']}<response>{$parts['records']}</response>{$parts['pullextra']}</pull>
  <push>{$parts['push']}<response>{$parts['pushresponse']}</response></push>
</connector>
XML;
    }

    private function connector(MemoryState $state, array $parts = [], array $options = []): Connector
    {
        $options['config'] = ['base' => ScriptedService::url()] + ($options['config'] ?? []);
        return Connector::fromString(self::definition($parts), $options + ['vtiger' => $this->vtiger, 'state' => $state]);
    }

    private static function state(int $pullToken = self::T0, ?int $pushToken = null, array $idmap = []): MemoryState
    {
        return new MemoryState(['connector' => 'c', 'synctype' => 'user', 'pairs' => ['Contacts' => [
            'pull' => ['token' => $pullToken], 'push' => ['token' => $pushToken ?? time() + 3600]]],
            'idmap' => $idmap === [] ? [] : ['Contacts' => $idmap]]);
    }

    private static function person(string $id, int|string $mtime, array $extra = []): array
    {
        return ['id' => $id, 'mtime' => $mtime, 'first' => 'F' . $id, 'name' => ['last' => 'L' . $id]] + $extra;
    }

    private function contactsNamed(string $lastname): array
    {
        return $this->vtiger->query("SELECT id, firstname, lastname, description FROM Contacts WHERE lastname = ?;", [$lastname]);
    }

    /** 3 */
    public function testAMissingRequiredConfigValueStopsBeforeAnyRequest(): void
    {
        self::resetStats();
        $e = self::catchThrown(LoadException::class, fn () => Connector::fromString(self::definition([
            'config' => '<field name="tenant" type="text" presync="true"/>']), ['vtiger' => $this->vtiger,
            'config' => ['base' => ScriptedService::url()]]));
        self::assertStringContainsString('"tenant" is a pre-sync setting but has no value', $e->getMessage());
        self::assertSame([], ScriptedService::log());
        self::assertSame([], self::vtigerOperations());
    }

    /** 12, 14, 16 (create), 17 excluded */
    public function testPullReadsPathsTimeFormatsAndAppliesInModifiedTimeOrder(): void
    {
        $state = self::state();
        ScriptedService::queue('POST /people/search', 200, ['items' => [
            self::person('p3', (self::T0 + 300) * 1000),           // epoch milliseconds
            self::person('p1', '2024-05-01T00:01:40Z'),            // ISO 8601 (T0 + 100)
            self::person('p2', (string) (self::T0 + 200)),         // epoch seconds as a string
            self::person('p4', self::T0 + 50, ['gone' => 'yes']),  // deleted and unmapped: ignored
        ]]);
        $report = $this->connector($state)->run(['direction' => 'pull'])->toArray()['pairs']['Contacts']['pull'];

        self::assertSame(3, $report['created']);
        self::assertSame(1, $report['skipped']);
        self::assertTrue($report['complete']);
        self::assertSame(self::T0 + 300, $state->document['pairs']['Contacts']['pull']['token']);
        self::assertSame(['p1', 'p2', 'p3'], array_values($state->idmap('Contacts')), 'applied in modified-time order');
        $created = $this->contactsNamed('Lp2')[0];
        self::assertSame('Fp2', $created['firstname']);
        // One state write per applied record (plus the run's bookkeeping).
        $tokens = array_values(array_filter(array_map(fn (array $c) => $c['pairs']['Contacts']['pull']['token'] ?? null,
            $state->applied)));
        self::assertSame([self::T0 + 50, self::T0 + 100, self::T0 + 200, self::T0 + 300, self::T0 + 300], $tokens);
        self::assertSame('{"since":1714521600}', ScriptedService::log()[0]['body']);
    }

    /** 13 */
    public function testARejectedPullRecordsTheServiceMessageAndKeepsTheToken(): void
    {
        $state = self::state();
        ScriptedService::queue('POST /people/search', 503, ['problem' => 'maintenance window'], ['Retry-After' => '0']);
        ScriptedService::queue('POST /people/search', 500, ['problem' => 'maintenance window']);
        $report = $this->connector($state)->run(['direction' => 'pull'])->toArray()['pairs']['Contacts']['pull'];

        self::assertSame('HTTP 500: maintenance window', $report['failures'][0]['message']);
        self::assertFalse($report['complete']);
        self::assertSame(2, $report['requests'], '503 is retried once');
        self::assertCount(2, ScriptedService::log());
        self::assertSame(self::T0, $state->document['pairs']['Contacts']['pull']['token']);
        self::assertSame([], $state->idmap('Contacts'));
    }

    /** 15 */
    public function testFullPagesContinueUntilTheBudgetIsUsed(): void
    {
        $state = self::state();
        // Deleted records that were never mapped are ignored without any Vtiger call.
        $gone = fn (int $from, int $to): array => ['items' => array_map(fn (int $i): array => ['id' => "g$i",
            'mtime' => self::T0 + $i, 'gone' => true], range($from, $to))];
        ScriptedService::queue('POST /people/search', 200, $gone(1, 100));
        ScriptedService::queue('POST /people/search', 200, $gone(101, 150));
        $report = $this->connector($state, [], ['budget' => 150])->run(['direction' => 'pull'])->toArray();
        self::assertSame(2, $report['pairs']['Contacts']['pull']['requests']);
        self::assertSame(150, $report['pairs']['Contacts']['pull']['skipped']);
        self::assertFalse($report['pairs']['Contacts']['pull']['complete'], 'budget used up on a full page');
        self::assertSame(['{"since":1714521600}', '{"since":1714521700}'], array_column(ScriptedService::log(), 'body'));

        ScriptedService::reset();
        ScriptedService::queue('POST /people/search', 200, $gone(150, 152));
        $report = $this->connector($state)->run(['direction' => 'pull'])->toArray();
        self::assertSame(1, $report['pairs']['Contacts']['pull']['requests']);
        self::assertTrue($report['pairs']['Contacts']['pull']['complete']);
        self::assertSame(self::T0 + 152, $state->document['pairs']['Contacts']['pull']['token']);
    }

    /** 16 (update keeps unmapped fields, delete, ignore), 28 (pull echo) */
    public function testMappedRecordsAreRevisedOrDeleted(): void
    {
        $kept = $this->vtiger->create('Contacts', ['lastname' => 'Keep', 'description' => 'unmapped text',
            'assigned_user_id' => self::ADMIN_ID]);
        $doomed = $this->vtiger->create('Contacts', ['lastname' => 'Doomed', 'assigned_user_id' => self::ADMIN_ID]);
        $state = self::state(self::T0, null, [
            ['vtiger' => $kept['id'], 'service' => 'k1', 'vtigerMtime' => time() + 60, 'serviceMtime' => self::T0],
            ['vtiger' => $doomed['id'], 'service' => 'd1', 'vtigerMtime' => null, 'serviceMtime' => null],
        ]);
        ScriptedService::queue('POST /people/search', 200, ['items' => [
            ['id' => 'k1', 'mtime' => self::T0 + 10, 'first' => 'Kim', 'name' => ['last' => 'Kept']],
            ['id' => 'd1', 'mtime' => self::T0 + 20, 'gone' => true],
            ['id' => 'k1', 'mtime' => self::T0, 'first' => 'Echo'],
        ]]);
        self::resetStats();
        $report = $this->connector($state)->run(['direction' => 'pull'])->toArray()['pairs']['Contacts']['pull'];

        self::assertSame(['updated' => 1, 'deleted' => 1, 'skipped' => 1], ['updated' => $report['updated'],
            'deleted' => $report['deleted'], 'skipped' => $report['skipped']]);
        self::assertSame(['retrieve', 'revise', 'delete'], self::vtigerOperations());
        $after = $this->vtiger->retrieve($kept['id']);
        self::assertSame('Kim', $after['firstname']);
        self::assertSame('Kept', $after['lastname']);
        self::assertSame('unmapped text', $after['description']);
        self::assertSame([$kept['id'] => 'k1'], $state->idmap('Contacts'));
        self::assertSame([], $this->contactsNamed('Doomed'));
    }

    /** 17 */
    public function testCurrentTimeStampsRecordsWithoutModifiedTime(): void
    {
        $state = self::state();
        ScriptedService::queue('POST /people/search', 200, ['items' => [['id' => 'n1', 'name' => ['last' => 'Now']]]]);
        $this->connector($state, ['records' => '<records use="items"/><recordid use="id"/><recordmodifiedtime use="@currenttime"/>'],
            ['clock' => fn (): int => self::T0 + 5000])->run(['direction' => 'pull']);
        self::assertSame(self::T0 + 5000, $state->document['pairs']['Contacts']['pull']['token']);
        self::assertSame(self::T0 + 5000, $state->document['idmap']['Contacts'][0]['serviceMtime']);
    }

    /** 18 */
    public function testAppendFieldsFetchesOneExtraResourcePerRecord(): void
    {
        $state = self::state();
        ScriptedService::queue('POST /people/search', 200, ['items' => [['id' => 'x7', 'mtime' => self::T0 + 1]]]);
        ScriptedService::queue('GET /people/x7/details', 200, ['data' => ['surname' => 'Appended']]);
        $this->connector($state, [
            'pullextra' => '<appendfields><request><url ID="@id">/people/$ID/details</url>'
                . '<response><extra use="data.surname"/></response></request></appendfields>',
            'fields' => '<field vtigerfield="lastname" servicefield="extra"/>',
        ])->run(['direction' => 'pull']);
        self::assertSame(['/people/search', '/people/x7/details'], array_column(ScriptedService::log(), 'path'));
        self::assertCount(1, $this->contactsNamed('Appended'));
    }

    /** 19 */
    public function testADependentPairWaitsForItsDependency(): void
    {
        $modules = '<module servicemodule="companies" vtigermodule="Accounts"/>
            <module servicemodule="people" vtigermodule="Contacts" dependenton="Accounts"/>';
        $pull = '<request method="post"><url MOD="@syncmodule">/$MOD/search</url></request>';
        $state = self::state();
        ScriptedService::queue('POST /companies/search', 500, ['problem' => 'down']);
        $report = $this->connector($state, ['modules' => $modules, 'pull' => $pull])->run()->toArray();
        self::assertSame('waiting for dependencies', $report['pairs']['Contacts']['pull']['status']);
        self::assertSame(['/companies/search'], array_column(ScriptedService::log(), 'path'));

        ScriptedService::reset();
        ScriptedService::queue('POST /companies/search', 200, ['items' => []]);
        ScriptedService::queue('POST /people/search', 200, ['items' => []]);
        $state->document['pairs']['Accounts']['push']['token'] = time() + 3600;
        $report = $this->connector($state, ['modules' => $modules, 'pull' => $pull])->run()->toArray();
        self::assertSame('ran', $report['pairs']['Contacts']['pull']['status']);
        self::assertSame(['/companies/search', '/people/search'], array_column(ScriptedService::log(), 'path'));
    }

    /** Creates $n Contacts for the push tests and returns their ids. */
    private function newContacts(int $n, array $fields = []): array
    {
        $ids = [];
        for ($i = 1; $i <= $n; $i++) {
            $ids[] = $this->vtiger->create('Contacts', $fields + ['firstname' => "P$i", 'lastname' => "Push$i",
                'email' => " p$i@example.com ", 'assigned_user_id' => self::ADMIN_ID])['id'];
        }
        return $ids;
    }

    /** 20, 21, 23, 24, 26 */
    public function testPushBatchesModesAndFormats(): void
    {
        $since = time() - 1;
        [$a, $b, $c] = $this->newContacts(3);
        $state = self::state(self::T0, $since);
        ScriptedService::queue('POST /people/insert', 201, ['items' => [['id' => 's1', 'mtime' => self::T0], ['id' => 's2', 'mtime' => self::T0]]]);
        ScriptedService::queue('POST /people/insert', 201, ['items' => [['id' => 's3', 'mtime' => self::T0]]]);
        $push = '<request method="post"><url>/people</url><parameters raw-post-data="true"><parameter name="items" value="@records"/></parameters>
            <create><url>/insert</url><batchlimit>2</batchlimit><parameters raw-post-data="true">
              <parameter name="rows" value="@records"/><parameter name="n" value="2|int"/></parameters></create></request>';
        $report = $this->connector($state, ['push' => $push, 'fields' => '<field vtigerfield="lastname" servicefield="name.last"/>
            <field vtigerfield="email" servicefield="contact.email" serviceformat="trim|prefix:mailto:"/>
            <field vtigerfield="firstname" servicefield="first" serviceformat="int"/>'])->run(['direction' => 'push'])->toArray();

        $log = ScriptedService::log();
        self::assertSame(['/people/insert', '/people/insert'], array_column($log, 'path'));
        self::assertSame('{"rows":[{"name":{"last":"Push1"},"contact":{"email":"mailto:p1@example.com"},"first":0,"id":"","clientversion":0},'
            . '{"name":{"last":"Push2"},"contact":{"email":"mailto:p2@example.com"},"first":0,"id":"","clientversion":0}],"n":2}', $log[0]['body']);
        self::assertSame([$a => 's1', $b => 's2', $c => 's3'], $state->idmap('Contacts'));
        self::assertSame(3, $report['pairs']['Contacts']['push']['created']);
        self::assertTrue($report['pairs']['Contacts']['push']['complete']);

        // Updates and deletes of mapped records; a 204 matches the deletedcode list.
        self::control('clock', ['advance' => 5]);
        $this->vtiger->revise(['id' => $a, 'firstname' => 'Changed']);
        $this->vtiger->delete($b);
        ScriptedService::reset();
        ScriptedService::queue('POST /people/remove', 204, null);
        ScriptedService::queue('POST /people/modify', 200, ['items' => [['id' => 's1', 'mtime' => self::T0 + 9]]]);
        $report = $this->connector($state, ['pushresponse' => '<deleteddcode use="200,204"/><createdrecords use="items"/>'
            . '<recordid use="id"/><recordmodifiedtime use="mtime"/>'])->run(['direction' => 'push'])->toArray();
        self::assertSame(['POST /people/remove {"items":[{"id":"s2"}]}',
            'POST /people/modify {"items":[{"first":"Changed","name":{"last":"Push1"},"contact":{"email":"p1@example.com"},"id":"s1","clientversion":0}]}'],
            self::serviceRequests());
        self::assertEquals([$a => 's1', $c => 's3'], $state->idmap('Contacts'));
        self::assertSame(self::T0 + 9, array_column($state->document['idmap']['Contacts'], 'serviceMtime', 'vtiger')[$a]);
        self::assertSame(1, $report['pairs']['Contacts']['push']['deleted']);
        self::assertSame(1, $report['pairs']['Contacts']['push']['updated']);
    }

    /** 22, 29 */
    public function testRecordPropertiesAndSingleRecordBatches(): void
    {
        $since = time() - 1;
        $this->newContacts(2);
        $state = self::state(self::T0, $since);
        $push = '<request method="put"><url>/people</url><parameters raw-post-data="true"><parameter name="person" value="@record"/>'
            . '<parameter name="all" value="@records|json"/></parameters>
            <create><url>/one</url><batchlimit>1</batchlimit><record><property name="source" value="vtiger"/>'
            . '<property name="name.last" value="@record:name.last|prefix:Mr "/></record></create></request>';
        ScriptedService::queue('PUT /people/one', 201, ['id' => 'o1', 'mtime' => self::T0]);
        ScriptedService::queue('PUT /people/one', 201, ['id' => 'o2', 'mtime' => self::T0]);
        $this->connector($state, ['push' => $push, 'pushresponse' => '<recordid use="id"/><recordmodifiedtime use="mtime"/>',
            'fields' => '<field vtigerfield="lastname" servicefield="name.last"/>'])->run(['direction' => 'push']);
        $log = ScriptedService::log();
        self::assertCount(2, $log);
        self::assertSame('{"person":{"name":{"last":"Push1"}},"all":"[{\"name\":{\"last\":\"Mr Push1\"},\"source\":\"vtiger\"}]"}', $log[0]['body']);
        self::assertSame(['o1', 'o2'], array_values($state->idmap('Contacts')));
    }

    /** 25, 27 */
    public function testFailedPushBatchesStoreNothingAndKeepTheToken(): void
    {
        $since = time() - 1;
        $this->newContacts(2);
        $state = self::state(self::T0, $since);
        ScriptedService::queue('POST /people/insert', 201, ['items' => [['id' => 'only-one', 'mtime' => self::T0]]]);
        $report = $this->connector($state)->run(['direction' => 'push'])->toArray()['pairs']['Contacts']['push'];
        self::assertSame([], $state->idmap('Contacts'));
        self::assertCount(2, $report['failures']);
        self::assertSame('the create response holds 1 records for 2 sent', $report['failures'][0]['message']);
        self::assertFalse($report['complete']);
        self::assertLessThan($since + 2, $state->document['pairs']['Contacts']['push']['token']);
        self::assertCount(2, $state->document['pairs']['Contacts']['push']['failed']);

        ScriptedService::reset();
        ScriptedService::queue('POST /people/insert', 422, ['problem' => 'email taken']);
        $report = $this->connector($state)->run(['direction' => 'push'])->toArray()['pairs']['Contacts']['push'];
        self::assertSame('HTTP 422: email taken', $report['failures'][0]['message']);
        self::assertCount(1, ScriptedService::log(), 'the same records are sent again');

        ScriptedService::reset();
        ScriptedService::queue('POST /people/insert', 201, ['items' => [['id' => 'q1', 'mtime' => self::T0], ['id' => 'q2', 'mtime' => self::T0]]]);
        $report = $this->connector($state)->run(['direction' => 'push'])->toArray()['pairs']['Contacts']['push'];
        self::assertSame(2, $report['created']);
        self::assertTrue($report['complete']);
    }

    /** 28 (push echo) */
    public function testRecordsWrittenByPullAreNotPushedBack(): void
    {
        $state = self::state(self::T0, time() - 1);
        ScriptedService::queue('POST /people/search', 200, ['items' => [self::person('e1', self::T0 + 1)]]);
        $report = $this->connector($state)->run()->toArray()['pairs']['Contacts'];
        self::assertSame(1, $report['pull']['created']);
        self::assertSame(['/people/search'], array_column(ScriptedService::log(), 'path'));
        self::assertSame(0, $report['push']['requests']);
    }

    /** 31 */
    public function testEncryptedPullBodiesAreDecryptedBeforeReadingRecords(): void
    {
        $key = str_repeat('K', 32);
        $iv = str_repeat('v', 16);
        $state = self::state();
        $body = openssl_encrypt(json_encode(['items' => [self::person('z1', self::T0 + 1)]]), 'aes-256-cbc', $key, 0, $iv);
        ScriptedService::queue('POST /people/search', 200, json_encode($body));
        $this->connector($state, ['records' => '<records use="items"/><recordid use="id"/><recordmodifiedtime use="mtime"/>'
            . '<decrypt use="true"/><algo use="AES"/><key use="$config.$fields.key"/><iv use="$config.$fields.iv"/>',
            'config' => '<field name="key" type="password"/><field name="iv" type="password"/>'],
            ['config' => ['key' => $key, 'iv' => $iv]])->run(['direction' => 'pull']);
        self::assertSame(['z1'], array_values($state->idmap('Contacts')));
    }

    /** 33 */
    public function testStateSurvivesAndARepeatedPageCreatesNoDuplicates(): void
    {
        $state = self::state();
        $page = ['items' => [self::person('r1', self::T0 + 1), self::person('r2', self::T0 + 2)]];
        ScriptedService::queue('POST /people/search', 200, $page);
        $this->connector($state)->run(['direction' => 'pull']);
        // A crash after the page: the state store still holds what was applied record by record.
        $copy = new MemoryState($state->document);
        ScriptedService::queue('POST /people/search', 200, $page);
        $report = $this->connector($copy)->run(['direction' => 'pull'])->toArray()['pairs']['Contacts']['pull'];
        self::assertSame(2, $report['skipped']);
        self::assertCount(1, $this->contactsNamed('Lr1'));
        self::assertSame('{"since":1714521602}', ScriptedService::log()[1]['body']);

        // Without a state option the connector keeps its state in memory between runs.
        ScriptedService::reset();
        ScriptedService::queue('POST /people/search', 200, ['items' => [self::person('m1', self::T0 + 7)]]);
        ScriptedService::queue('POST /people/search', 200, ['items' => []]);
        $memory = Connector::fromString(self::definition(), ['vtiger' => $this->vtiger, 'syncRecordsFrom' => 'all',
            'config' => ['base' => ScriptedService::url()]]);
        $memory->run(['direction' => 'pull']);
        $memory->run(['direction' => 'pull']);
        self::assertSame(['{"since":0}', '{"since":1714521607}'], array_column(ScriptedService::log(), 'body'));
        self::assertSame('user', $memory->getState()['synctype']);
    }

    /** 34 */
    public function testInitialTokensFollowSyncRecordsFrom(): void
    {
        $now = 1722470400; // 2024-08-01T00:00:00Z
        foreach (['3 months' => 1714521600, 'all' => 0] as $setting => $expected) {
            ScriptedService::reset();
            ScriptedService::queue('POST /people/search', 200, ['items' => []]);
            $this->connector(new MemoryState(), [], ['syncRecordsFrom' => $setting, 'clock' => fn (): int => $now])
                ->run(['direction' => 'pull']);
            self::assertSame('{"since":' . $expected . '}', ScriptedService::log()[0]['body'], $setting);
        }
    }

    /** 36 */
    public function testARejectedRecordIsRetriedThreeRunsThenSkipped(): void
    {
        $state = self::state();
        $page = ['items' => [self::person('ok1', self::T0 + 1), ['id' => 'bad', 'mtime' => self::T0 + 5, 'first' => 'NoLastName'],
            self::person('ok2', self::T0 + 9)]];
        for ($run = 1; $run <= 3; $run++) {
            ScriptedService::queue('POST /people/search', 200, $page);
            $report = $this->connector($state)->run(['direction' => 'pull'])->toArray()['pairs']['Contacts']['pull'];
            $token = $state->document['pairs']['Contacts']['pull']['token'];
            if ($run < 3) {
                self::assertSame(self::T0 + 5, $token, "run $run keeps the token at the rejected record");
                self::assertSame($run, $state->document['pairs']['Contacts']['pull']['retries']['bad']);
                self::assertNotNull($report['failures'][0]['code'], 'Vtiger\'s error code is reported');
            } else {
                self::assertSame(self::T0 + 9, $token, 'given up after three runs');
                self::assertSame('skipped after 3 failed runs', end($report['failures'])['message']);
                self::assertArrayNotHasKey('bad', $state->document['pairs']['Contacts']['pull']['retries']);
            }
        }
        self::assertCount(1, $this->contactsNamed('Lok2'));
    }

    /** 37 */
    public function testAStalledFullPageAdvancesTheTokenByOneSecond(): void
    {
        $state = self::state();
        $warnings = [];
        ScriptedService::queue('POST /people/search', 200, ['items' => [self::person('s1', self::T0), self::person('s2', self::T0)]]);
        ScriptedService::queue('POST /people/search', 200, ['items' => []]);
        $this->connector($state, [], ['budget' => 2, 'logger' => function (string $level, string $message) use (&$warnings): void {
            if ($level === 'warning') {
                $warnings[] = $message;
            }
        }])->run(['direction' => 'pull']);
        self::assertSame(self::T0 + 1, $state->document['pairs']['Contacts']['pull']['token']);
        self::assertStringContainsString('stalled', $warnings[0] ?? '');
    }

    /** 12 (@response) */
    public function testRecordsMayBeTheWholeResponse(): void
    {
        $state = self::state();
        ScriptedService::queue('POST /people/search', 200, [self::person('w1', self::T0 + 3)]);
        $this->connector($state, ['records' => '<records use="@response"/><recordid use="id"/><recordmodifiedtime use="mtime"/>'])
            ->run(['direction' => 'pull']);
        self::assertSame(['w1'], array_values($state->idmap('Contacts')));
    }

    /** 7.4: a record changed on both sides */
    public function testConflictsFollowTheConflictOption(): void
    {
        foreach (['newest' => 'Local', 'vtiger' => 'Local', 'service' => 'Remote'] as $policy => $expected) {
            ScriptedService::reset();
            $local = $this->vtiger->create('Contacts', ['lastname' => 'Local', 'assigned_user_id' => self::ADMIN_ID]);
            // Synced long ago on both sides; since then Vtiger changed it (now) and the service too (2024).
            $state = self::state(self::T0, null, [['vtiger' => $local['id'], 'service' => "c-$policy",
                'vtigerMtime' => 1000, 'serviceMtime' => 1000]]);
            ScriptedService::queue('POST /people/search', 200, ['items' => [['id' => "c-$policy", 'mtime' => self::T0 + 10,
                'name' => ['last' => 'Remote']]]]);
            $report = $this->connector($state, [], ['conflict' => $policy])->run(['direction' => 'pull'])->toArray();
            self::assertSame($expected, $this->vtiger->retrieve($local['id'])['lastname'], $policy);
            self::assertSame($expected === 'Local' ? 1 : 0, $report['pairs']['Contacts']['pull']['skipped'], $policy);
        }
    }

    /** 15 (the cron default and Vtiger's limit keys) */
    public function testCronBudgetAndLimitKeys(): void
    {
        $gone = fn (int $from, int $to): array => ['items' => array_map(fn (int $i): array => ['id' => "g$i",
            'mtime' => self::T0 + $i, 'gone' => true], range($from, $to))];
        foreach ([[['cron' => true], 5], [['Contacts_connector_SYNC_RECORDS_LIMIT' => 200], 2],
                  [['cron' => true, 'Contacts_connector_SYNC_RECORDS_LIMIT_CLI' => 300], 3]] as [$options, $pages]) {
            ScriptedService::reset();
            for ($page = 0; $page < 6; $page++) {
                ScriptedService::queue('POST /people/search', 200, $gone($page * 100 + 1, $page * 100 + 100));
            }
            $report = $this->connector(self::state(), [], $options)->run(['direction' => 'pull'])->toArray();
            self::assertSame($pages, $report['pairs']['Contacts']['pull']['requests'], json_encode($options));
            self::assertFalse($report['pairs']['Contacts']['pull']['complete']);
        }
    }
}
