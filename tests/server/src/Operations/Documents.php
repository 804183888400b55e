<?php

declare(strict_types=1);

namespace Vtws\TestServer\Operations;

use Vtws\TestServer\Context;
use Vtws\TestServer\Storage;

/**
 * Documents create as Vtiger 8's Documents::save_module() and insertIntoAttachment() run it:
 * with filelocationtype "I" the file comes from $_FILES["filename"] (the uitype 28 field),
 * whose name (sanitized), type and size replace what the element says, and is copied into
 * storage/; with "E" the file name is a link and nothing is stored.
 */
final class Documents
{
    /** The field Vtiger reads the file from. */
    public const FILE_FIELD = 'filename';

    /** $upload_badext of Vtiger 8's config.inc.php. */
    private const BAD_EXTENSIONS = ['php', 'php3', 'php4', 'php5', 'pl', 'cgi', 'py', 'asp', 'cfm', 'js', 'vbs',
        'html', 'htm', 'exe', 'bin', 'bat', 'sh', 'dll', 'phps', 'phtml', 'xhtml', 'rb', 'msi', 'jsp', 'shtml', 'sth',
        'shtm'];

    public function __construct(private readonly Context $ctx)
    {
    }

    public function create(array $element, int $userId): array
    {
        $element += ['folderid' => '22x1'];
        $files = $this->ctx->request->files;
        $location = (string) ($element['filelocationtype'] ?? 'I');
        $element = array_merge($element, $this->fileFields($element, $location, $files));
        $record = $this->ctx->writer->create('Documents', $element, $userId);
        if ($element['filelocationtype'] === 'I') {
            $this->attach($record, $files);
        }
        return $this->ctx->view->full($record);
    }

    /**
     * filename, filesize, filetype and filelocationtype as save_module() settles them. Where
     * Vtiger leaves its variables unset (a failed or empty upload, an unknown location) the
     * columns end up empty.
     *
     * @return array{filename: string, filesize: string, filetype: string, filelocationtype: string}
     */
    private function fileFields(array $element, string $location, array $files): array
    {
        $unset = ['filename' => '', 'filesize' => '', 'filetype' => '', 'filelocationtype' => ''];
        $file = $files[self::FILE_FIELD] ?? null;
        if ($location === 'I') {
            if (is_array($file) && (string) ($file['name'] ?? '') !== '') {
                if ((int) ($file['error'] ?? UPLOAD_ERR_NO_FILE) !== UPLOAD_ERR_OK || (int) ($file['size'] ?? 0) <= 0) {
                    return $unset;
                }
                return ['filename' => self::sanitize(preg_replace('/\s+/', '_', (string) $file['name'])),
                    'filesize' => (string) $file['size'], 'filetype' => (string) ($file['type'] ?? ''),
                    'filelocationtype' => 'I'];
            }
            if ((string) ($element['filename'] ?? '') !== '') {
                return ['filename' => (string) $element['filename'], 'filesize' => (string) ($element['filesize'] ?? ''),
                    'filetype' => (string) ($element['filetype'] ?? ''), 'filelocationtype' => 'I'];
            }
            return ['filename' => '', 'filesize' => '0', 'filetype' => '', 'filelocationtype' => 'I'];
        }
        if ($location === 'E') {
            $link = trim((string) ($element['filename'] ?? ''));
            if ($link !== '' && preg_match('/^\w{1,5}:\/\/|^\w{0,3}:?\\\\\\\\/', $link) !== 1) {
                $link = "http://$link";
            }
            return ['filename' => $link === '' ? (string) ($element['filename'] ?? '') : $link, 'filesize' => '0',
                'filetype' => '', 'filelocationtype' => 'E'];
        }
        return $unset;
    }

    /** insertIntoAttachment(): every non-empty file of the request becomes an attachment. */
    private function attach(array $record, array $files): void
    {
        $storage = new Storage($this->ctx->db, $this->ctx->clock);
        foreach ($files as $file) {
            if (!is_array($file) || (string) ($file['name'] ?? '') === '' || (int) ($file['size'] ?? 0) <= 0) {
                continue;
            }
            $name = self::sanitize((string) $file['name']);
            $stored = $storage->save($this->ctx->store->allocateId(), $record['crmid'], $name,
                (string) ($file['type'] ?? ''), (string) ($file['tmp_name'] ?? ''));
            if ($stored === null) {
                return; // "file upload failed": Vtiger stops at the first file it cannot copy
            }
        }
    }

    /** sanitizeUploadFileName() with $upload_badext: a bad extension anywhere in the name is defused. */
    public static function sanitize(string $name): string
    {
        $name = rtrim((string) preg_replace('/[\s#%&?]+/', '_', $name), '\\/<>?*:"<>|');
        $parts = explode('.', $name);
        $bad = false;
        foreach ($parts as $i => $part) {
            if (in_array(strtolower($part), self::BAD_EXTENSIONS, true)) {
                $parts[$i] = $part . 'file';
                $bad = true;
            }
        }
        $name = implode('.', $parts) . ($bad ? '.txt' : '');
        return ltrim(basename(' ' . $name));
    }
}
