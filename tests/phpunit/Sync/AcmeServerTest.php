<?php

declare(strict_types=1);

namespace Vtws\Tests\Sync;

require_once dirname(__DIR__) . '/AcmeServerLauncher.php';

use PHPUnit\Framework\TestCase;
use Vtws\Tests\AcmeServerLauncher;

/** The Acme Directory emulator against sync-connector.md 13.1, and its controls. */
final class AcmeServerTest extends TestCase
{
    private const KEY = 'k-123';

    protected function setUp(): void
    {
        AcmeServerLauncher::control('reset');
    }

    /** @return array{status: int, headers: array<string, string>, body: string, json: mixed} */
    private static function call(string $path, mixed $body = null, string $method = 'POST', ?string $key = self::KEY,
        array $headers = ['Content-Type: application/json']): array
    {
        $curl = curl_init(AcmeServerLauncher::apiBase() . $path);
        $received = [];
        if ($key !== null) {
            $headers[] = 'Authorization: Bearer ' . $key;
        }
        curl_setopt_array($curl, [
            CURLOPT_CUSTOMREQUEST => $method,
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_HTTPHEADER => $headers,
            CURLOPT_HEADERFUNCTION => static function ($curl, string $line) use (&$received): int {
                if (str_contains($line, ':')) {
                    [$name, $value] = explode(':', $line, 2);
                    $received[strtolower(trim($name))] = trim($value);
                }
                return strlen($line);
            },
        ]);
        if ($body !== null) {
            curl_setopt($curl, CURLOPT_POSTFIELDS, is_string($body) ? $body : json_encode($body, JSON_UNESCAPED_SLASHES));
        }
        $answer = (string) curl_exec($curl);
        $status = (int) curl_getinfo($curl, CURLINFO_RESPONSE_CODE);
        curl_close($curl);
        return ['status' => $status, 'headers' => $received, 'body' => $answer, 'json' => json_decode($answer, true)];
    }

    private static function assertProblem(int $status, string $text, array $reply): void
    {
        self::assertSame($status, $reply['status'], $reply['body']);
        self::assertIsArray($reply['json'], $reply['body']);
        self::assertSame(['problem'], array_keys($reply['json']));
        self::assertStringContainsString($text, $reply['json']['problem']);
        self::assertStringStartsWith('application/json', $reply['headers']['content-type'] ?? '');
    }

    private static function seedGlobex(): void
    {
        AcmeServerLauncher::control('seed', ['module' => 'companies', 'items' => [
            ['id' => 'co_81', 'modified_at' => '2024-05-01T09:30:00Z', 'fields' => ['name' => 'Globex KK',
                'web' => ' globex.example ', 'tel' => '+81 3 1234 5678', 'address' => ['city' => 'Osaka']]],
        ]]);
    }

    public function testSearchAnswersTheTraceOfSection13_3(): void
    {
        self::seedGlobex();
        $reply = self::call('/companies/search', ['where' => [['field' => 'modified_at', 'op' => 'gte', 'value' => 1714521600000]],
            'order' => [['field' => 'modified_at', 'dir' => 'asc']], 'limit' => 100]);
        self::assertSame(200, $reply['status']);
        self::assertSame(['items' => [['id' => 'co_81', 'modified_at' => '2024-05-01T09:30:00Z', 'removed' => false,
            'fields' => ['name' => 'Globex KK', 'web' => ' globex.example ', 'tel' => '+81 3 1234 5678',
                'address' => ['city' => 'Osaka']]]], 'problem' => null], $reply['json']);
    }

    public function testSearchFiltersOrdersAndLimits(): void
    {
        $items = [];
        foreach ([5, 1, 3, 3, 9] as $i => $hour) {
            $items[] = ['modified_at' => sprintf('2024-05-01T%02d:00:00Z', $hour), 'fields' => ['n' => $i]];
        }
        $ids = AcmeServerLauncher::control('seed', ['module' => 'people', 'items' => $items])['ids'];
        self::assertSame(['pe_1', 'pe_2', 'pe_3', 'pe_4', 'pe_5'], $ids);
        $search = static fn (array $body): array => array_column(self::call('/people/search', $body)['json']['items'], 'id');
        $threeAm = strtotime('2024-05-01T03:00:00Z') * 1000;
        // Inclusive bound, ascending, ties in creation order.
        self::assertSame(['pe_3', 'pe_4', 'pe_1', 'pe_5'], $search(['where' => [['field' => 'modified_at', 'op' => 'gte',
            'value' => $threeAm]], 'order' => [['field' => 'modified_at', 'dir' => 'asc']]]));
        self::assertSame(['pe_1', 'pe_5'], $search(['where' => [['field' => 'modified_at', 'op' => 'gt', 'value' => $threeAm]]]));
        self::assertSame(['pe_5', 'pe_1'], $search(['where' => [['field' => 'modified_at', 'op' => 'gt',
            'value' => '2024-05-01T03:00:00Z']], 'order' => [['field' => 'modified_at', 'dir' => 'desc']]]));
        self::assertSame(['pe_2', 'pe_3'], $search(['order' => [['field' => 'modified_at', 'dir' => 'asc']], 'limit' => 2]));
        self::assertSame(['pe_4'], $search(['where' => [['field' => 'fields.n', 'op' => 'eq', 'value' => 3]]]));
        self::assertSame(['pe_1', 'pe_3'], $search(['where' => [['field' => 'id', 'op' => 'in', 'value' => ['pe_1', 'pe_3', 'x']]]]));
        self::assertSame(['pe_1', 'pe_2', 'pe_3', 'pe_4', 'pe_5'], $search([]));
    }

    public function testExpandCompanyOnPeople(): void
    {
        self::seedGlobex();
        AcmeServerLauncher::control('seed', ['module' => 'people', 'items' => [
            ['modified_at' => 1714557602, 'fields' => ['given_name' => 'Aiko', 'company_id' => 'co_81']],
            ['modified_at' => 1714557602, 'fields' => ['given_name' => 'Ken']],
        ]]);
        $items = self::call('/people/search', ['expand' => ['company']])['json']['items'];
        self::assertSame('Globex KK', $items[0]['company']['fields']['name']);
        self::assertNull($items[1]['company']);
        self::assertArrayNotHasKey('company', self::call('/people/search', [])['json']['items'][0]);
        self::assertProblem(400, 'expand', self::call('/companies/search', ['expand' => ['company']]));
    }

    public function testBulkCallsAnswerAsSection13_4(): void
    {
        self::seedGlobex();
        AcmeServerLauncher::control('seed', ['module' => 'people', 'items' => [['id' => 'pe_12',
            'modified_at' => '2024-04-01T00:00:00Z', 'fields' => ['given_name' => 'Old']]]]);
        AcmeServerLauncher::control('clock', ['set' => '2024-05-01T10:00:02Z']);

        $removed = self::call('/people/bulk/remove', ['items' => [['id' => 'pe_12']]]);
        self::assertSame(204, $removed['status']);
        self::assertSame('', $removed['body']);

        $created = self::call('/people/bulk/insert', ['items' => [['fields' => ['given_name' => 'Aiko',
            'family_name' => 'Mori', 'email' => 'aiko@globex.example', 'mobile' => '', 'company_id' => 'co_81']]]]);
        self::assertSame(201, $created['status']);
        // Seeded ids move the counter: the next id is past pe_12.
        self::assertSame(['items' => [['id' => 'pe_13', 'modified_at' => '2024-05-01T10:00:02Z']]], $created['json']);

        AcmeServerLauncher::control('clock', ['advance' => 60]);
        $modified = self::call('/people/bulk/modify', ['items' => [['id' => 'pe_13', 'fields' => ['mobile' => '090']]]]);
        self::assertSame(['items' => [['id' => 'pe_13', 'modified_at' => '2024-05-01T10:01:02Z']]], $modified['json']);
        self::assertSame(200, $modified['status']);

        $records = AcmeServerLauncher::control('records?module=people', null, 'GET')['items'];
        self::assertSame([
            ['id' => 'pe_12', 'modified_at' => '2024-05-01T10:00:02Z', 'removed' => true, 'fields' => ['given_name' => 'Old']],
            ['id' => 'pe_13', 'modified_at' => '2024-05-01T10:01:02Z', 'removed' => false, 'fields' => ['given_name' => 'Aiko',
                'family_name' => 'Mori', 'email' => 'aiko@globex.example', 'mobile' => '090', 'company_id' => 'co_81']],
        ], $records);
        // The removal is visible to a search by modified time.
        $found = self::call('/people/search', ['where' => [['field' => 'modified_at', 'op' => 'gte',
            'value' => strtotime('2024-05-01T10:00:00Z') * 1000]]])['json']['items'];
        self::assertSame([['pe_12', true], ['pe_13', false]], array_map(static fn (array $i): array => [$i['id'], $i['removed']], $found));
    }

    /** @return iterable<string, array{string, mixed, int, string}> */
    public static function badCalls(): iterable
    {
        yield 'body not JSON' => ['/companies/search', '{"where":', 400, 'not valid JSON'];
        yield 'body a list' => ['/companies/search', '[1]', 400, 'JSON object'];
        yield 'unknown search key' => ['/companies/search', ['filter' => []], 400, 'unknown keys: filter'];
        yield 'limit too big' => ['/companies/search', ['limit' => 101], 400, 'limit'];
        yield 'limit a string' => ['/companies/search', ['limit' => '100'], 400, 'limit'];
        yield 'unknown op' => ['/companies/search', ['where' => [['field' => 'id', 'op' => 'like', 'value' => 'x']]], 400, 'op'];
        yield 'unknown field' => ['/companies/search', ['where' => [['field' => 'name', 'op' => 'eq', 'value' => 'x']]], 400, 'field'];
        yield 'bad time' => ['/companies/search', ['where' => [['field' => 'modified_at', 'op' => 'gte', 'value' => 'soon']]], 400, 'modified_at'];
        yield 'bad dir' => ['/companies/search', ['order' => [['field' => 'id', 'dir' => 'up']]], 400, 'dir'];
        yield 'items missing' => ['/companies/bulk/insert', [], 400, 'items'];
        yield 'items empty' => ['/companies/bulk/insert', ['items' => []], 400, 'items'];
        yield 'fields a list' => ['/companies/bulk/insert', ['items' => [['fields' => [1, 2]]]], 400, 'fields'];
        yield 'insert with id' => ['/companies/bulk/insert', ['items' => [['id' => 'co_1', 'fields' => ['name' => 'x']]]], 400, 'unknown keys: id'];
        yield 'too many items' => ['/companies/bulk/insert', ['items' => array_fill(0, 101, ['fields' => ['name' => 'x']])], 413, 'at most 100'];
        yield 'unknown company' => ['/people/bulk/insert', ['items' => [['fields' => ['company_id' => 'co_404']]]], 422, 'co_404'];
        yield 'modify unknown id' => ['/companies/bulk/modify', ['items' => [['id' => 'co_404', 'fields' => []]]], 404, 'co_404'];
        yield 'modify without id' => ['/companies/bulk/modify', ['items' => [['fields' => []]]], 400, 'id'];
        yield 'remove unknown id' => ['/people/bulk/remove', ['items' => [['id' => 'pe_404']]], 404, 'pe_404'];
        yield 'unknown module' => ['/deals/search', [], 404, 'no such resource'];
        yield 'unknown call' => ['/companies/bulk/upsert', ['items' => []], 404, 'no such resource'];
    }

    /** @dataProvider badCalls */
    public function testErrorsAreProblems(string $path, mixed $body, int $status, string $text): void
    {
        self::seedGlobex();
        $reply = self::call($path, $body);
        self::assertProblem($status, $text, $reply);
        // Nothing stored by a failing call.
        self::assertCount(1, AcmeServerLauncher::control('records?module=companies', null, 'GET')['items']);
        self::assertCount(0, AcmeServerLauncher::control('records?module=people', null, 'GET')['items']);
    }

    public function testAFailingItemStoresNoneOfItsBatch(): void
    {
        self::seedGlobex();
        $reply = self::call('/people/bulk/insert', ['items' => [['fields' => ['given_name' => 'A']],
            ['fields' => ['company_id' => 'co_404']]]]);
        self::assertProblem(422, 'items[1]', $reply);
        self::assertSame([], AcmeServerLauncher::control('records?module=people', null, 'GET')['items']);
        self::assertSame('pe_1', self::call('/people/bulk/insert', ['items' => [['fields' => []]]])['json']['items'][0]['id']);
    }

    public function testBearerKeyIsRequired(): void
    {
        self::assertProblem(401, 'missing API key', self::call('/companies/search', [], key: null));
        $wrong = self::call('/companies/search', [], key: 'k-124');
        self::assertProblem(401, 'invalid API key', $wrong);
        self::assertSame('Bearer', $wrong['headers']['www-authenticate'] ?? null);
        self::assertProblem(401, 'invalid', self::call('/companies/search', [], key: null,
            headers: ['Authorization: Basic ' . base64_encode('k-123:')]));
        AcmeServerLauncher::control('key', ['key' => 'other']);
        self::assertProblem(401, 'invalid', self::call('/companies/search', []));
        self::assertSame(200, self::call('/companies/search', [], key: 'other')['status']);
        AcmeServerLauncher::control('reset', ['key' => 'k-9']);
        self::assertSame(200, self::call('/companies/search', [], key: 'k-9')['status']);
    }

    public function testOnlyPostIsAllowed(): void
    {
        $reply = self::call('/companies/search', null, 'GET');
        self::assertProblem(405, 'GET', $reply);
        self::assertSame('POST', $reply['headers']['allow'] ?? null);
    }

    public function testRequestLogKeepsOrderHeadersAndBodies(): void
    {
        self::seedGlobex();
        $search = '{"where":[{"field":"modified_at","op":"gte","value":1714521600000}],"order":[{"field":"modified_at","dir":"asc"}],"limit":100}';
        self::call('/companies/search', $search, headers: ['Content-Type: application/json', 'X-Trace: 1']);
        self::call('/people/bulk/remove', ['items' => [['id' => 'pe_404']]]);
        self::call('/companies/search?x=1', null, 'GET', null);
        $log = AcmeServerLauncher::control('log', null, 'GET')['log'];
        self::assertSame([
            ['POST', '/v2/companies/search', '', $search, 200, 'search'],
            ['POST', '/v2/people/bulk/remove', '', '{"items":[{"id":"pe_404"}]}', 404, 'remove'],
            ['GET', '/v2/companies/search', 'x=1', '', 401, 'search'],
        ], array_map(static fn (array $e): array => [$e['method'], $e['path'], $e['query'], $e['body'], $e['status'], $e['call']], $log));
        self::assertSame('Bearer k-123', $log[0]['headers']['authorization']);
        self::assertSame('application/json', $log[0]['headers']['content-type']);
        self::assertSame('1', $log[0]['headers']['x-trace']);
        self::assertArrayNotHasKey('authorization', $log[2]['headers']);
        AcmeServerLauncher::control('log/clear');
        self::assertSame([], AcmeServerLauncher::control('log', null, 'GET')['log']);
    }

    public function testFaultsAnswerInsteadOfTheNextRequests(): void
    {
        self::seedGlobex();
        AcmeServerLauncher::control('fault', ['kind' => '500', 'count' => 2]);
        AcmeServerLauncher::control('fault', ['kind' => '429', 'retryAfter' => 7]);
        AcmeServerLauncher::control('fault', ['kind' => 'garbage']);
        AcmeServerLauncher::control('fault', ['kind' => 'truncated']);
        self::assertSame([['kind' => '500', 'remaining' => 2, 'retryAfter' => 1], ['kind' => '429', 'remaining' => 1,
            'retryAfter' => 7], ['kind' => 'garbage', 'remaining' => 1, 'retryAfter' => 1],
            ['kind' => 'truncated', 'remaining' => 1, 'retryAfter' => 1]],
            AcmeServerLauncher::control('faults', null, 'GET')['faults']);

        self::assertProblem(500, 'injected', self::call('/companies/search', []));
        // A fault answers before the key is checked, and the call does not run.
        self::assertProblem(500, 'injected', self::call('/companies/bulk/insert', ['items' => [['fields' => []]]], key: 'wrong'));
        $limited = self::call('/companies/search', []);
        self::assertProblem(429, 'too many requests', $limited);
        self::assertSame('7', $limited['headers']['retry-after'] ?? null);
        $garbage = self::call('/companies/search', []);
        self::assertSame(200, $garbage['status']);
        self::assertNull(json_decode($garbage['body']));
        AcmeServerLauncher::control('log/clear');
        $truncated = self::call('/companies/search', []);
        $full = self::call('/companies/search', []);
        self::assertSame(200, $truncated['status']);
        self::assertSame(substr($full['body'], 0, intdiv(strlen($full['body']), 2)), $truncated['body']);
        self::assertSame('co_81', $full['json']['items'][0]['id'], 'faults are used up');
        self::assertCount(1, AcmeServerLauncher::control('records?module=companies', null, 'GET')['items']);

        $stats = AcmeServerLauncher::control('stats', null, 'GET');
        self::assertSame(['total' => 2, 'calls' => ['search' => 2], 'statuses' => ['200' => 2], 'faults' => 1], $stats);
        AcmeServerLauncher::control('fault', ['kind' => '500', 'count' => 3]);
        AcmeServerLauncher::control('fault/clear');
        self::assertSame(200, self::call('/companies/search', [])['status']);
    }

    public function testClockControl(): void
    {
        $set = AcmeServerLauncher::control('clock', ['set' => '2024-05-01T00:00:00Z']);
        self::assertSame([1714521600, '2024-05-01T00:00:00Z', true], [$set['now'], $set['iso'], $set['frozen']]);
        self::assertSame(1714521630, AcmeServerLauncher::control('clock', ['advance' => 30])['now']);
        $running = AcmeServerLauncher::control('clock', ['freeze' => false]);
        self::assertFalse($running['frozen']);
        self::assertGreaterThanOrEqual(1714521630, AcmeServerLauncher::control('clock', null, 'GET')['now']);
        $this->expectException(\RuntimeException::class);
        AcmeServerLauncher::control('clock', ['set' => 'tomorrow']);
    }

    public function testSeedValidatesAndRefusesDuplicates(): void
    {
        self::seedGlobex();
        foreach ([['module' => 'deals', 'items' => []], ['module' => 'companies', 'items' => [['modified_at' => 'x']]],
            ['module' => 'companies', 'items' => [['id' => 'co_81', 'modified_at' => 1]]]] as $body) {
            try {
                AcmeServerLauncher::control('seed', $body);
                self::fail('seed accepted ' . json_encode($body));
            } catch (\RuntimeException $e) {
                self::assertMatchesRegularExpression('/answered (400|409)/', $e->getMessage());
            }
        }
        self::assertSame(['co_82'], AcmeServerLauncher::control('seed', ['module' => 'companies',
            'items' => [['modified_at' => 1, 'removed' => true]]])['ids']);
    }
}
