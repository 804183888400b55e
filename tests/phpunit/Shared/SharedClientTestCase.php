<?php

declare(strict_types=1);

namespace Vtws\Tests\Shared;

use PHPUnit\Framework\TestCase;
use Vtws\ApiException;
use Vtws\Client;
use Vtws\TransportException;

require_once __DIR__ . '/Transport.php';

/**
 * Client behaviour that must be the same over every transport: each concrete subclass runs
 * these tests over one of them. The tests create the records they look at, so they also run
 * against a real Vtiger; those that need the test server's seed data or controls are skipped
 * where it has none.
 */
abstract class SharedClientTestCase extends TestCase
{
    protected Client $client;
    protected Transport $transport;

    abstract protected static function transport(): Transport;

    protected function setUp(): void
    {
        $this->transport = static::transport();
        if ($this->transport->hasControls()) {
            $this->control('reset');
        }
        $this->client = $this->transport->client();
    }

    protected function control(string $route, array $params = [], string $method = 'POST'): array
    {
        $answer = $this->transport->control($route, $params, $method);
        if ($method === 'POST') {
            self::assertTrue($answer['ok'] ?? false, "control $route failed: " . json_encode($answer));
        }
        return $answer;
    }

    protected function needsControls(): void
    {
        if (!$this->transport->hasControls()) {
            self::markTestSkipped('needs the test server\'s seed data and controls');
        }
    }

    protected function requestCount(string $operation): int
    {
        return (int) ($this->control('stats', [], 'GET')['operations'][$operation] ?? 0);
    }

    /** A contact owned by the client's user, named uniquely for this test run. */
    protected function newContact(array $fields = []): array
    {
        return $this->client->create('Contacts', $fields + [
            'lastname' => 'Shared ' . bin2hex(random_bytes(4)),
            'assigned_user_id' => $this->client->getUserId(),
        ]);
    }

    protected static function apiError(callable $work): ApiException
    {
        try {
            $work();
        } catch (ApiException $e) {
            return $e;
        }
        self::fail('expected an ApiException');
    }

    public function testCreateRetrieveRoundTripsUnicodeAndSpecialCharacters(): void
    {
        $fields = [
            'firstname' => '花子',
            'lastname' => 'Кузнецова 山本 ' . bin2hex(random_bytes(3)),
            'mailingcity' => 'a&b=c+d%20e;f?g#h/i',
            'description' => "Line one\nЛиния два\t\"quoted\" O'Brien C:\\path",
        ];
        $created = $this->newContact($fields);
        $retrieved = $this->client->retrieve($created['id']);

        self::assertMatchesRegularExpression('/^\d+x\d+$/', $created['id']);
        foreach (['firstname', 'lastname', 'mailingcity'] as $field) {
            self::assertSame($fields[$field], $created[$field], $field);
            self::assertSame($fields[$field], $retrieved[$field], $field);
        }
        self::assertSame($created['id'], $retrieved['id']);
    }

    public function testUpdateAndReviseKeepTheOtherFields(): void
    {
        $created = $this->newContact(['firstname' => 'Иван', 'mailingcity' => '東京都']);

        $updated = $this->client->update(['id' => $created['id'], 'lastname' => 'Changed',
            'assigned_user_id' => $this->client->getUserId()]);
        $revised = $this->client->revise(['id' => $created['id'], 'mailingcity' => '大阪市']);
        $stored = $this->client->retrieve($created['id']);

        self::assertSame('Changed', $updated['lastname']);
        self::assertSame('大阪市', $revised['mailingcity']);
        self::assertSame(['Иван', 'Changed', '大阪市'], [$stored['firstname'], $stored['lastname'], $stored['mailingcity']]);
    }

    public function testUpdateOfAStaleElementIsAConflict(): void
    {
        $created = $this->newContact();
        $this->client->revise(['id' => $created['id'], 'mailingcity' => 'Later']);
        $stale = $created;
        $stale['modifiedtime'] = '2001-01-01 00:00:00';

        $this->expectException(\Vtws\ConflictException::class);
        $this->client->update($stale);
    }

    public function testDeletedRecordIsAccessDenied(): void
    {
        $created = $this->newContact();
        self::assertNull($this->client->delete($created['id']));

        $e = self::apiError(fn () => $this->client->retrieve($created['id']));
        self::assertSame('ACCESS_DENIED', $e->getVtigerCode());
        self::assertSame('retrieve', $e->getOperation());
    }

    public function testMissingMandatoryFieldIsAnApiErrorWithCodeAndMessage(): void
    {
        $e = self::apiError(fn () => $this->client->create('Contacts', ['firstname' => 'No last name',
            'assigned_user_id' => $this->client->getUserId()]));

        self::assertSame('MANDATORY_FIELDS_MISSING', $e->getVtigerCode());
        self::assertSame('create', $e->getOperation());
        self::assertStringContainsString('lastname', $e->getMessage());
    }

    public function testMalformedIdAndUnknownModuleAreAccessDenied(): void
    {
        self::assertSame('ACCESS_DENIED', self::apiError(fn () => $this->client->retrieve('abc'))->getVtigerCode());
        self::assertSame('ACCESS_DENIED', self::apiError(fn () => $this->client->describe('NoSuchModule'))->getVtigerCode());
    }

    public function testQueryBindsHostileValuesExactly(): void
    {
        $tag = bin2hex(random_bytes(4));
        $values = ["O'Brien $tag", "back\\slash $tag", "quote \" and ? $tag", "percent %_ $tag"];
        $ids = [];
        foreach ($values as $value) {
            $ids[$value] = $this->newContact(['lastname' => $value])['id'];
        }

        foreach ($values as $value) {
            $rows = $this->client->query('SELECT id, lastname FROM Contacts WHERE lastname = ?', [$value]);
            self::assertSame([$ids[$value]], array_column($rows, 'id'), $value);
            self::assertSame($value, $rows[0]['lastname']);
        }
        $both = $this->client->query('SELECT id FROM Contacts WHERE lastname IN ? ORDER BY id', [[$values[0], $values[1]]]);
        self::assertCount(2, $both);
    }

    public function testQuerySyntaxErrorIsAnApiError(): void
    {
        $e = self::apiError(fn () => $this->client->query('SELECT FROM WHERE Contacts'));

        self::assertSame('query', $e->getOperation());
        self::assertNotSame('', $e->getVtigerCode());
    }

    public function testQueryAllPagesPastTheHundredRowCap(): void
    {
        if ($this->transport->hasControls()) {
            $this->control('reset', ['contacts' => 230]);
        }
        $total = $this->client->count('Contacts');
        $ids = [];
        foreach ($this->client->queryAll('SELECT id FROM Contacts') as $row) {
            $ids[] = $row['id'];
        }

        self::assertCount($total, $ids);
        self::assertSame($ids, array_values(array_unique($ids)));
        self::assertLessThanOrEqual(100, count($this->client->query('SELECT id FROM Contacts')));
        if ($this->transport->hasControls()) {
            self::assertGreaterThan(250, $total);
        }
    }

    public function testListTypesAndDescribe(): void
    {
        $types = $this->client->listTypes();
        $describe = $this->client->describe('Contacts');

        self::assertContains('Contacts', $types['types']);
        self::assertContains('Contacts', $this->client->listTypes(['email'])['types']);
        self::assertSame('Contacts', $describe['name']);
        $fields = array_column($describe['fields'], null, 'name');
        self::assertTrue($fields['lastname']['mandatory']);
    }

    public function testDescribeIsCachedPerClientUntilClearCache(): void
    {
        $this->needsControls();
        $this->control('stats/reset');

        $first = $this->client->describe('Contacts');
        self::assertSame($first, $this->client->describe('Contacts'));
        self::assertSame(1, $this->requestCount('describe'));

        $this->client->clearCache();
        $this->client->describe('Contacts');
        self::assertSame(2, $this->requestCount('describe'));
    }

    public function testSyncAllSeesCreationsAndDeletions(): void
    {
        $since = time() - 600;
        $kept = $this->newContact();
        $gone = $this->newContact();
        $this->client->delete($gone['id']);

        $changes = $this->client->syncAll($since, 'Contacts');

        self::assertContains($kept['id'], array_column($changes['updated'], 'id'));
        self::assertContains($gone['id'], $changes['deleted']);
    }

    public function testRelatedRecordsOfAnAccount(): void
    {
        $account = $this->client->create('Accounts', ['accountname' => 'Shared KK ' . bin2hex(random_bytes(4)),
            'assigned_user_id' => $this->client->getUserId()]);
        $linked = $this->newContact(['account_id' => $account['id']]);
        $later = $this->newContact();

        self::assertContains($linked['id'], array_column($this->client->retrieveRelated($account['id'], 'Contacts'), 'id'));
        // Accounts to Contacts is 1:N: add_related answers success and links nothing.
        $this->client->addRelated($account['id'], $later['id']);
        self::assertNotContains($later['id'], array_column($this->client->retrieveRelated($account['id'], 'Contacts'), 'id'));

        // Potentials to Contacts is N:N: add_related links.
        $potential = $this->client->create('Potentials', ['potentialname' => 'Shared deal', 'related_to' => $account['id'],
            'closingdate' => '2026-12-01', 'sales_stage' => 'Prospecting', 'assigned_user_id' => $this->client->getUserId()]);
        $this->client->addRelated($potential['id'], $later['id']);
        $rows = $this->client->queryRelated('SELECT lastname FROM Contacts WHERE lastname = ?', $potential['id'], null,
            [$later['lastname']]);
        self::assertSame([$later['id']], array_column($rows, 'id'));
    }

    public function testCustomOperationGetTranslation(): void
    {
        $this->needsControls();

        $result = $this->client->call('gettranslation', ['totranslate' => ['SINGLE_Contacts', 'NO_SUCH'],
            'language' => 'ru_ru', 'module' => 'Contacts']);
        $byGet = $this->client->call('gettranslation', ['totranslate' => ['SINGLE_Contacts']], 'GET');

        self::assertSame(['SINGLE_Contacts' => 'Контакт', 'NO_SUCH' => 'NO_SUCH'], $result);
        self::assertNull($byGet, 'sent by GET, a POST operation sees no parameters');
    }

    public function testUnknownOperationIsTheHttp500OfVtiger(): void
    {
        try {
            $this->client->call('no_such_operation');
            self::fail('expected a TransportException');
        } catch (TransportException $e) {
            self::assertSame(500, $e->getHttpStatus());
            self::assertSame('no_such_operation', $e->getOperation());
        }
    }

    public function testAPhpErrorInAHandlerIsTheHttp500OfVtiger(): void
    {
        $this->needsControls();
        $this->control('profile', ['name' => 'stock']);

        try {
            $this->client->call('gettranslation', ['totranslate' => ['Contacts']]);
            self::fail('expected a TransportException');
        } catch (TransportException $e) {
            self::assertSame(500, $e->getHttpStatus());
            self::assertSame('gettranslation', $e->getOperation());
        }
        // The client stays usable.
        self::assertSame('Contacts', $this->client->describe('Contacts')['name']);
    }

    public function testDuplicateIsVtigerCodeZero(): void
    {
        $this->needsControls();
        $element = ['accountname' => 'Duplicate 重複 ' . bin2hex(random_bytes(3)), 'assigned_user_id' => $this->client->getUserId()];
        $this->client->create('Accounts', $element);

        $e = self::apiError(fn () => $this->client->create('Accounts', $element));

        self::assertSame('0', $e->getVtigerCode());
        self::assertStringContainsString('Duplicate', $e->getMessage());
    }

    public function testAFailedOperationLeavesNothingBehind(): void
    {
        $this->needsControls();
        $before = $this->client->count('Invoice');

        // The invoice record is written before the missing line items are noticed.
        $e = self::apiError(fn () => $this->client->create('Invoice', ['subject' => 'No lines',
            'account_id' => '11x2', 'bill_street' => 'x', 'ship_street' => 'x', 'productid' => '14x13',
            'invoicestatus' => 'Created', 'assigned_user_id' => $this->client->getUserId()]));

        self::assertSame('MANDATORY_FIELDS_MISSING', $e->getVtigerCode());
        self::assertSame($before, $this->client->count('Invoice'));
    }

    public function testDownloadFileOfTheSeededDocument(): void
    {
        $this->needsControls();
        $document = $this->client->query("SELECT id FROM Documents WHERE filename = 'hello.txt'")[0]['id'];
        $stream = fopen('php://memory', 'w+');

        $meta = $this->client->downloadFile($document, $stream);
        rewind($stream);

        self::assertSame("Hello from vtws: é 日本\n", stream_get_contents($stream));
        self::assertSame('hello.txt', $meta['filename']);
    }

    public function testUploadDocumentFromAPathAndAStreamComesBackIntact(): void
    {
        $bytes = random_bytes(1_000_003);
        $path = sys_get_temp_dir() . '/vtws-shared-' . bin2hex(random_bytes(4)) . '.csv';
        file_put_contents($path, $bytes);
        $stream = fopen('php://temp', 'w+b');
        fwrite($stream, $bytes);
        rewind($stream);
        $owner = ['assigned_user_id' => $this->client->getUserId()];

        try {
            $fromPath = $this->client->uploadDocument($path, ['notes_title' => 'Shared upload (path)'] + $owner);
            $fromStream = $this->client->uploadDocument($stream,
                ['notes_title' => 'Shared upload (stream)', 'filename' => 'shared stream.sh.csv'] + $owner);
        } finally {
            unlink($path);
            fclose($stream);
        }

        self::assertSame(basename($path), $fromPath['filename']);
        self::assertSame('shared_stream.shfile.csv.txt', $fromStream['filename']);
        foreach ([$fromPath, $fromStream] as $record) {
            self::assertSame(['text/csv', '1000003', 'I'],
                [$record['filetype'], (string) $record['filesize'], $record['filelocationtype']]);
            $copy = fopen('php://temp', 'w+b');
            $meta = $this->client->downloadFile($record['id'], $copy);
            rewind($copy);
            self::assertSame(hash('sha256', $bytes), hash('sha256', (string) stream_get_contents($copy)));
            self::assertSame(1_000_003, $meta['bytes']);
            fclose($copy);
        }
    }

    public function testTypedOptionConvertsRecordsAndRows(): void
    {
        $typed = $this->transport->client(['typed' => true]);

        $created = $typed->create('Products', [
            'productname' => 'Typed shared ' . bin2hex(random_bytes(3)), 'unit_price' => '12.50',
            'qtyinstock' => '7.000', 'reorderlevel' => '3', 'discontinued' => '1',
            'assigned_user_id' => $this->client->getUserId(),
        ]);
        $row = $typed->query('SELECT * FROM Products WHERE id = ?', [$created['id']])[0];
        $retrieved = $typed->retrieve($created['id']);
        $raw = $this->client->retrieve($created['id']);

        foreach ([$created, $row, $retrieved] as $record) {
            self::assertSame([12.5, 7.0, 3, true],
                [$record['unit_price'], $record['qtyinstock'], $record['reorderlevel'], $record['discontinued']]);
        }
        self::assertIsString($raw['unit_price'], 'a client without the option keeps Vtiger\'s strings');
        self::assertSame($raw['modifiedtime'], $retrieved['modifiedtime']);
    }

    public function testPreserveDescriptionOptionDecidesWhetherVtigerReEscapesIt(): void
    {
        $text = '« é ü ß € © » ™ α "quoted" <b>bold</b> & more';
        $contact = $this->newContact(['description' => $text, 'mailingstreet' => "Street: $text"]);
        $raw = $this->transport->client(['preserve_description' => false]);

        $this->client->update(['id' => $contact['id'], 'lastname' => 'Kept', 'assigned_user_id' => $this->client->getUserId()]);
        $kept = $this->client->retrieve($contact['id'])['description'];
        $raw->update(['id' => $contact['id'], 'lastname' => 'Raw', 'assigned_user_id' => $this->client->getUserId()]);
        $escaped = $this->client->retrieve($contact['id'])['description'];

        self::assertSame($text, $kept);
        self::assertSame(htmlentities($text, ENT_QUOTES | ENT_HTML401, 'UTF-8'), $escaped);
    }
}
