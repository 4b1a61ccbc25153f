"""A Tornado app that starts its own server, the Tornado 6 docs' way: asyncio.run(main()) and listen()."""

import asyncio
import os

import tornado.web


class MainHandler(tornado.web.RequestHandler):
    def get(self):
        self.write("Hello from tornado!")


async def main():
    app = tornado.web.Application([(r"/", MainHandler)])
    app.listen(int(os.environ.get("PORT", "8888")))
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main())
