<?php

declare(strict_types=1);

namespace Vtws\TestServer\Operations;

use Vtws\TestServer\Context;

/** Documents create with an optional multipart upload in the part named "filename". */
final class Documents
{
    /** Extensions Vtiger renames on upload (its upload_badext setting), our own list of the usual suspects. */
    private const DANGEROUS = ['php', 'php3', 'php4', 'php5', 'phtml', 'phps', 'pl', 'py', 'cgi', 'asp', 'aspx', 'jsp',
        'js', 'vbs', 'html', 'htm', 'shtml', 'xhtml', 'exe', 'bin', 'bat', 'sh', 'dll', 'msi', 'rb', 'cfm'];

    public function __construct(private readonly Context $ctx)
    {
    }

    public function create(array $element, int $userId): array
    {
        $element += ['folderid' => '22x1'];
        $upload = $this->upload($element);
        if ($upload !== null) {
            $element['filename'] = $upload['name'];
            $element['filesize'] = (string) strlen($upload['content']);
            $element['filetype'] = ($element['filetype'] ?? '') !== '' ? $element['filetype'] : $upload['type'];
        }
        $record = $this->ctx->writer->create('Documents', $element, $userId);
        if ($upload !== null) {
            $attachment = $this->ctx->store->allocateId();
            $this->ctx->db->prepare('INSERT INTO attachments (attachmentsid, crmid, name, type, content) VALUES (?, ?, ?, ?, ?)')
                ->execute([$attachment, $record['crmid'], $upload['name'], (string) $element['filetype'], $upload['content']]);
        }
        return $this->ctx->view->full($record);
    }

    /** @return array{name: string, type: string, content: string}|null */
    private function upload(array $element): ?array
    {
        $file = $this->ctx->request->files['filename'] ?? null;
        if (!is_array($file) || ($file['error'] ?? UPLOAD_ERR_NO_FILE) !== UPLOAD_ERR_OK
            || strtoupper((string) ($element['filelocationtype'] ?? 'I')) !== 'I') {
            return null;
        }
        return ['name' => self::safeName((string) $file['name']), 'type' => (string) $file['type'],
            'content' => (string) file_get_contents($file['tmp_name'])];
    }

    private static function safeName(string $name): string
    {
        $name = basename(str_replace('\\', '/', $name));
        $extension = strtolower(pathinfo($name, PATHINFO_EXTENSION));
        return in_array($extension, self::DANGEROUS, true) ? $name . 'file.txt' : $name;
    }
}
