<?php

declare(strict_types=1);

namespace Vtws\Tests\SynergyClient;

require_once __DIR__ . '/TestCase.php';

use Vtws\Client as Vtiger;
use Vtws\Tests\ServerLauncher;

require_once __DIR__ . '/../ServerLauncher.php';

/**
 * Runs examples/synergy/copy-contacts.php as a separate process against the Vtiger test
 * server and the Synergy! emulator, and checks what it copied.
 */
final class ExampleTest extends TestCase
{
    private static function runExample(): string
    {
        $base = \Vtws\Tests\SynergyServerLauncher::start();
        $env = array_merge(getenv(), [
            'VTIGER_URL' => ServerLauncher::start(), 'VTIGER_USER' => 'admin', 'VTIGER_ACCESS_KEY' => 'vtwsAdminAccessK',
            'SYNERGY_ACCOUNT' => 'demo', 'SYNERGY_CLIENT_ID' => self::CLIENT_ID, 'SYNERGY_CLIENT_SECRET' => self::SECRET,
            'SYNERGY_AUTH_URL' => "$base/oauth2/token", 'SYNERGY_API_URL' => $base,
        ]);
        $extension = self::loadedExtension();
        $command = [PHP_BINARY, '-d', 'extension=' . $extension, dirname(__DIR__, 3) . '/examples/synergy/copy-contacts.php'];
        $process = proc_open($command, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, $env);
        self::assertIsResource($process);
        $out = (string) stream_get_contents($pipes[1]);
        $err = (string) stream_get_contents($pipes[2]);
        fclose($pipes[1]);
        fclose($pipes[2]);
        self::assertSame(0, proc_close($process), "example failed: $out $err");
        return trim($out);
    }

    /** The vtws.so this process runs, so that the example is run with the same build. */
    private static function loadedExtension(): string
    {
        foreach (file('/proc/self/maps') ?: [] as $line) {
            if (preg_match('#\s(/\S*/vtws\.so)$#', trim($line), $m) === 1) {
                return $m[1];
            }
        }
        self::fail('cannot tell which vtws.so is loaded');
    }

    public function testCopiesContactsAndThenOnlyTheChanges(): void
    {
        $vtigerBase = ServerLauncher::start();
        $context = stream_context_create(['http' => ['method' => 'POST', 'content' => 'contacts=120',
            'header' => "Content-Type: application/x-www-form-urlencoded\r\n", 'timeout' => 120]]);
        self::assertNotFalse(file_get_contents("$vtigerBase/__vtws/reset", false, $context));
        $vtiger = new Vtiger($vtigerBase);
        $vtiger->login('admin', 'vtwsAdminAccessK');
        $contacts = $vtiger->count('Contacts');

        self::assertSame("definition vtiger-contacts (new): $contacts created, 0 updated, 0 unchanged", self::runExample());
        $copies = self::client()->records('vtiger-contacts');
        self::assertSame($contacts, $copies->count(['vtigerId_isNotNull' => true]));
        $copy = $copies->query(['vtigerId_eq' => '12x3'])['items'][0];
        $contact = $vtiger->retrieve('12x3');
        self::assertSame($contact['lastname'], $copy['lastName']);
        self::assertSame($contact['email'], $copy['email']);

        // A second run changes nothing; after an edit in Vtiger, exactly that contact is patched.
        self::assertSame("definition vtiger-contacts: 0 created, 0 updated, $contacts unchanged", self::runExample());
        $vtiger->revise(['id' => '12x3', 'lastname' => 'Renamed']);
        self::control('update-key', ['definition' => 'vtiger-contacts', 'property' => 'vtigerId']);
        self::assertSame('definition vtiger-contacts: 0 created, 1 updated, ' . ($contacts - 1) . ' unchanged', self::runExample());
        self::assertSame('Renamed', $copies->query(['vtigerId_eq' => '12x3'])['items'][0]['lastName']);
        self::assertSame($contacts, $copies->count(['vtigerId_isNotNull' => true]));
    }
}
