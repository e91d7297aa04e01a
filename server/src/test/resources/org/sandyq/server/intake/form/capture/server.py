import http.server, sys, os
OUT = sys.argv[2]
PAGE = open(os.path.join(os.path.dirname(__file__), 'page.html'), 'rb').read()
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.send_header('Content-Type','text/html; charset=utf-8'); self.end_headers(); self.wfile.write(PAGE)
    def do_POST(self):
        n = int(self.headers['Content-Length'])
        body = self.rfile.read(n)
        name = self.path.strip('/').replace('/','_') or 'root'
        open(os.path.join(OUT, name + '.body'), 'wb').write(body)
        open(os.path.join(OUT, name + '.content-type'), 'w').write(self.headers['Content-Type'])
        self.send_response(200); self.send_header('Content-Type','text/plain'); self.end_headers(); self.wfile.write(b'ok ' + name.encode())
    def log_message(self, *a): pass
http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])), H).serve_forever()
