<?php

declare(strict_types=1);

namespace Vtws\Tests\SynergyClient;

require_once __DIR__ . '/TestCase.php';

use Vtws\Synergy\ApiException;
use Vtws\Synergy\Client;

/** Neither the client secret nor an access token shows in dumps, messages or traces. */
final class SecretsTest extends TestCase
{
    /** The emulator's tokens look like "syn." followed by 48 hex digits. */
    private static function assertNoSecret(string $text): void
    {
        self::assertStringNotContainsString(self::SECRET, $text);
        self::assertStringNotContainsString(base64_encode(self::CLIENT_ID . ':' . self::SECRET), $text);
        self::assertDoesNotMatchRegularExpression('/syn\.[0-9a-f]{48}/', $text);
    }

    public function testDumpsAndErrorsHoldNoSecretOrToken(): void
    {
        $client = self::client();
        $people = $client->records('people');
        $people->count();
        ob_start();
        var_dump($client, $people);
        $dump = (string) ob_get_clean();
        self::assertStringContainsString('"***"', $dump);
        self::assertMatchesRegularExpression('/\["tokenCached"\]=>\s+bool\(true\)/', $dump);
        $texts = [$dump, print_r($client, true), var_export($client, true), json_encode($client), print_r((array) $client, true)];

        self::control('fault', ['kind' => 500, 'count' => 5]);
        try {
            $people->count();
            self::fail('no failure');
        } catch (\Vtws\TransportException $e) {
            $texts[] = (string) $e . print_r($e->getTrace(), true) . $e->getBodyExcerpt();
        }
        try {
            $people->get(999);
            self::fail('no failure');
        } catch (ApiException $e) {
            $texts[] = (string) $e . $e->getApiMessage();
        }
        try {
            new Client('demo', self::CLIENT_ID, self::SECRET, ['bogus' => 1]);
        } catch (\ValueError $e) {
            $texts[] = (string) $e . print_r($e->getTrace(), true);
        }
        foreach ($texts as $text) {
            self::assertNoSecret($text);
        }
    }
}
