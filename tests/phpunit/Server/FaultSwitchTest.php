<?php

declare(strict_types=1);

namespace Vtws\Tests\Server;

use Vtws\Tests\ServerLauncher;

require_once __DIR__ . '/ServerTestCase.php';

/** The /__vtws/fault switches: each damages exactly the next matching request(s). */
final class FaultSwitchTest extends ServerTestCase
{
    private function arm(string $kind, array $extra = []): void
    {
        self::assertTrue(ServerLauncher::control('fault', ['kind' => $kind] + $extra)['ok']);
    }

    private function listtypes(): WireReply
    {
        return $this->get('listtypes');
    }

    public function testHttp500HasAnEmptyBodyAndIsUsedUp(): void
    {
        $this->arm('http500');
        $reply = $this->listtypes();
        self::assertSame([500, 'text/html; charset=UTF-8', ''], [$reply->status, $reply->contentType, $reply->body]);
        self::assertTrue($this->listtypes()->json()['success']);
    }

    public function testCountCoversSeveralRequests(): void
    {
        $this->arm('http502_html', ['count' => 2]);
        self::assertSame(502, $this->listtypes()->status);
        self::assertStringContainsString('<html>', $this->listtypes()->body);
        self::assertSame(200, $this->listtypes()->status);
    }

    public function testHtmlAndNonJsonAndEmptyBodies(): void
    {
        $this->arm('html');
        $html = $this->listtypes();
        self::assertSame([200, 'text/html; charset=UTF-8'], [$html->status, $html->contentType]);
        self::assertNull($html->json());
        $this->arm('nonjson');
        self::assertSame('OK', $this->listtypes()->body);
        $this->arm('empty200');
        $empty = $this->listtypes();
        self::assertSame([200, ''], [$empty->status, $empty->body]);
    }

    public function testWarningsPrecedeTheRealJson(): void
    {
        $this->arm('warnings');
        $reply = $this->client->get(['operation' => 'getchallenge', 'username' => 'admin']);
        self::assertStringStartsWith("<br />\n<b>Warning</b>:", $reply->body);
        self::assertMatchesRegularExpression('/\{"success":true,"result":\{"token":"[0-9a-f]{13}"/', $reply->body);
        self::assertNull($reply->json());
    }

    public function testTruncateCutsTheBodyInHalfWithAMatchingLength(): void
    {
        $whole = $this->listtypes()->body;
        $this->arm('truncate');
        $cut = $this->listtypes();
        self::assertSame(0, $cut->curlError);
        self::assertSame(substr($whole, 0, intdiv(strlen($whole), 2)), $cut->body);
    }

    public function testDropMakesTheTransferFail(): void
    {
        $this->arm('drop');
        self::assertNotSame(0, $this->listtypes()->curlError);
    }

    public function testCode0IsTheIntegerDuplicateCode(): void
    {
        $this->arm('code0');
        self::assertSame(['message' => 'Duplicate(s) detected!', 'code' => 0], $this->listtypes()->error());
    }

    public function testFaultCanBeRestrictedToOneOperation(): void
    {
        $this->arm('http500', ['operation' => 'describe']);
        self::assertSame(200, $this->listtypes()->status);
        self::assertSame(500, $this->get('describe', ['elementType' => 'Contacts'])->status);
    }

    public function testLatencyStillAnswersNormally(): void
    {
        $this->arm('latency', ['ms' => 50]);
        self::assertTrue($this->listtypes()->json()['success']);
    }

    public function testUnknownKindIsRefused(): void
    {
        self::assertFalse(ServerLauncher::control('fault', ['kind' => 'nonsense'])['ok']);
    }
}
