<?php

declare(strict_types=1);

namespace Vtws\Tests\Server;

use PHPUnit\Framework\TestCase;
use Vtws\Tests\ServerLauncher;

require_once __DIR__ . '/WireClient.php';
require_once __DIR__ . '/WireReply.php';
require_once __DIR__ . '/JsonShape.php';
require_once __DIR__ . '/FixtureScenarios.php';

/**
 * Replays every exchange recorded from a real Vtiger 8.0 against the test server and
 * compares status, content type, success flag, exact error code and message, and the
 * structure of successful results (key order and JSON types).
 */
final class FixtureReplayTest extends TestCase
{
    /**
     * Fixtures the test server deliberately does not reproduce (listed with the reason in
     * tests/server/README.md). Empty today: every recording is replayed.
     */
    private const NOT_REPRODUCED = [];

    /** Exact values (beyond structure) that must match because the setup reproduces the same data. */
    private const SAME_VALUES = [
        'retrieve-after-partial-update-entities' => ['description', 'mailingstreet'],
        'retrieve-after-revise-entities' => ['description', 'mailingstreet'],
        'update-partial-description-entities' => ['description'],
        'revise-after-partial-update-entities' => ['description'],
        'create-description-entities' => ['description', 'mailingstreet'],
        'create-emoji' => ['firstname', 'lastname', 'description'],
        'create-bad-date' => ['birthday'],
        'create-contact' => ['label', 'description'],
    ];

    /** Fixtures whose list result must have exactly the recorded number of rows. */
    private const SAME_COUNT = ['query-100-contacts', 'query-no-limit-over-100', 'query-limit-150', 'query-limit-0',
        'query-empty-result', 'query-unicode', 'files-retrieve-attachment', 'sync-future',
        'sync-with-deleted', 'sync-deleted-bulk', 'gettranslation', 'gettranslation-en'];

    public static function fixtureDir(): string
    {
        return dirname(__DIR__, 3) . '/../shared/fixtures/vtiger-8.0';
    }

    /** @return array<string, array{string}> */
    public static function fixtures(): array
    {
        $cases = [];
        foreach (glob(self::fixtureDir() . '/*.json') ?: [] as $file) {
            $name = basename($file, '.json');
            $cases[$name] = [$name];
        }
        return $cases;
    }

    /** @dataProvider fixtures */
    public function testReplayMatchesRecording(string $name): void
    {
        if (isset(self::NOT_REPRODUCED[$name])) {
            self::markTestSkipped(self::NOT_REPRODUCED[$name]);
        }
        $fixture = json_decode((string) file_get_contents(self::fixtureDir() . "/$name.json"), true);
        $reply = (new FixtureScenarios(WireClient::forTestServer()))->replay($name, $fixture);

        self::assertSame($fixture['http_status'], $reply->status, "$name: HTTP status");
        self::assertSame($fixture['content_type'], $reply->contentType, "$name: content type");
        $recorded = $fixture['response_raw'];
        if ($recorded === '' || !str_starts_with($recorded, '{')) {
            $this->assertNonJsonBody($name, $recorded, $reply->body);
            return;
        }
        $expected = json_decode($recorded);
        $actual = json_decode($reply->body);
        self::assertInstanceOf(\stdClass::class, $actual, "$name: body is not a JSON object: " . substr($reply->body, 0, 200));
        self::assertSame($expected->success, $actual->success, "$name: success flag; body " . substr($reply->body, 0, 300));
        if ($expected->success === false) {
            self::assertSame($expected->error->code, $actual->error->code, "$name: error code");
            self::assertSame($expected->error->message, $actual->error->message, "$name: error message");
            self::assertSame(['message', 'code'], array_keys((array) $actual->error), "$name: error key order");
            return;
        }
        self::assertNull(JsonShape::difference($expected->result, $actual->result), "$name: result structure");
        $this->assertSameValues($name, $expected->result, $actual->result);
        if (in_array($name, self::SAME_COUNT, true)) {
            self::assertCount(count((array) $expected->result), (array) $actual->result, "$name: row count");
        }
        self::assertMatchesRegularExpression('/^[\x20-\x7e]*$/', $reply->body, "$name: body must be pure ASCII");
    }

    private function assertNonJsonBody(string $name, string $recorded, string $body): void
    {
        if ($recorded === '') {
            self::assertSame('', $body, "$name: body must be empty");
            return;
        }
        // PHP warnings printed before the JSON (the misconfigured variant, replayed with the warnings fault).
        self::assertStringStartsWith("<br />\n<b>Warning</b>:", $body, "$name: leaked warnings");
        $expectedTail = json_decode(substr($recorded, (int) strpos($recorded, '{"success"')));
        $actualTail = json_decode(substr($body, (int) strpos($body, '{"success"')));
        self::assertNull(JsonShape::difference($expectedTail, $actualTail), "$name: JSON after the warnings");
    }

    private function assertSameValues(string $name, mixed $expected, mixed $actual): void
    {
        foreach (self::SAME_VALUES[$name] ?? [] as $field) {
            self::assertSame($expected->$field, $actual->$field, "$name: value of $field");
        }
    }
}
